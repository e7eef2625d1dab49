using System;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Cuda;

/// <summary>
/// Picks the backend for a solve and runs it on CUDA: builds the jobs, asks the runner to launch them and turns the
/// status words and buffers into a <see cref="Solution{T}"/>, a <see cref="Gradient{T}"/> or the
/// <see cref="OdeSolveException"/> the CPU would throw. <see cref="Backend.Cpu"/> never comes here.
/// </summary>
internal static class CudaBackend
{
    /// <summary>Solves on CUDA when the options ask for it and it applies; false to solve on the CPU.</summary>
    public static bool TrySolve<TTableau, TSystem, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options, [NotNullWhen(true)] out Solution<T>? solution)
        where TTableau : IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        solution = null;
        if (!Select<TTableau, TSystem, T>(system, options, "a solve", out ICudaDynamics? cuda, out IDifferentiableSystem<T>? network, out string? tableau, out ICudaRunner? runner))
        {
            return false;
        }

        solution = Solve(runner, cuda.CudaDeviceCode, network.Parameters, network.StateSize, tableau, y0, saveAt, options);
        return true;
    }

    /// <summary>
    /// Takes the gradient on CUDA when the options ask for it and it applies (Backsolve and Checkpointed; Direct stays
    /// on the CPU, its reference role); false to use the CPU.
    /// </summary>
    public static bool TryGradient<TTableau, TSystem, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ReadOnlySpan<T> dLdY, SolverOptions options, AdjointMethod method, int checkpoints, [NotNullWhen(true)] out Gradient<T>? gradient)
        where TTableau : IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        gradient = null;
        if (method is not (AdjointMethod.Backsolve or AdjointMethod.Checkpointed))
        {
            if (options.Backend == Backend.Cuda)
            {
                throw new NotSupportedException($"options.Backend is Cuda, but the CUDA backend computes gradients only with AdjointMethod.Backsolve or Checkpointed, not {method}; use one of those, or Backend.Auto to run {method} on the CPU.");
            }

            return false;
        }

        if (!Select<TTableau, TSystem, T>(system, options, "a gradient", out ICudaDynamics? cuda, out IDifferentiableSystem<T>? network, out string? tableau, out ICudaRunner? runner))
        {
            return false;
        }

        gradient = method == AdjointMethod.Backsolve
            ? Gradient(runner, cuda.CudaDeviceCode, network.Parameters, network.StateSize, tableau, y0, saveAt, dLdY, options)
            : CheckpointedGradient(runner, cuda.CudaDeviceCode, network.Parameters, network.StateSize, tableau, y0, saveAt, dLdY, options, checkpoints);
        return true;
    }

    /// <summary>
    /// Solves with <paramref name="runner"/> (a GPU or the tests' emulation). <paramref name="networkCode"/> and
    /// <paramref name="tableauCode"/> are the generated device code of the network
    /// (<see cref="ICudaDynamics.CudaDeviceCode"/>) and of the tableau (<see cref="IRungeKuttaTableau.CudaStepSource"/>).
    /// </summary>
    internal static Solution<T> Solve<T>(ICudaRunner runner, string networkCode, ReadOnlySpan<T> parameters, int stateSize, string tableauCode, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options, int blockSize = CudaJob<T>.DefaultBlockSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = y0.Length / stateSize;
        var job = new CudaJob<T>(CudaKernelKind.Solve, CudaKernelSource.Compose(networkCode, tableauCode), lanes, stateSize, parameters.ToArray(), SaveTimes.InDouble(saveAt), PackOptions(options), blockSize)
        {
            Y0 = y0.ToArray(),
            States = new T[saveAt.Length * y0.Length],
        };
        runner.Run(job);
        CudaStatus.ThrowIfFailed<T>(job.Status, options, backward: false);
        var laneStats = new SolverStats[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            laneStats[lane] = new SolverStats(job.Stats[3 * lane], job.Stats[(3 * lane) + 1], job.Stats[(3 * lane) + 2]);
        }

        return new Solution<T>(job.States, saveAt.ToArray(), lanes, stateSize, laneStats);
    }

    /// <summary>The Backsolve gradient with <paramref name="runner"/>: the forward kernel, then the backward one.</summary>
    internal static Gradient<T> Gradient<T>(ICudaRunner runner, string networkCode, ReadOnlySpan<T> parameters, int stateSize, string tableauCode, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ReadOnlySpan<T> dLdY, SolverOptions options, int blockSize = CudaJob<T>.DefaultBlockSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Solution<T> forward = Solve(runner, networkCode, parameters, stateSize, tableauCode, y0, saveAt, options, blockSize);
        int lanes = forward.Lanes;
        var job = new CudaJob<T>(CudaKernelKind.Backsolve, CudaKernelSource.Compose(networkCode, tableauCode), lanes, stateSize, parameters.ToArray(), SaveTimes.InDouble(saveAt), PackOptions(options), blockSize)
        {
            States = forward.States.ToArray(),
            LossGradient = dLdY.ToArray(),
            InitialStateGradient = new T[y0.Length],
            ParameterGradient = new double[parameters.Length],
        };
        runner.Run(job);
        CudaStatus.ThrowIfFailed<T>(job.Status, options, backward: true);
        return Collect(job, forward);
    }

    /// <summary>
    /// The Checkpointed gradient with <paramref name="runner"/>: the forward kernel (the solution, and each lane's step
    /// count, which sizes the checkpoint buffers exactly), then the checkpointed kernel, which solves again storing
    /// checkpoints, and replays and reverses between them. <paramref name="checkpoints"/>: the most kept per lane, 0
    /// for about √N.
    /// </summary>
    internal static Gradient<T> CheckpointedGradient<T>(ICudaRunner runner, string networkCode, ReadOnlySpan<T> parameters, int stateSize, string tableauCode, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ReadOnlySpan<T> dLdY, SolverOptions options, int checkpoints, int blockSize = CudaJob<T>.DefaultBlockSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Solution<T> forward = Solve(runner, networkCode, parameters, stateSize, tableauCode, y0, saveAt, options, blockSize);
        int lanes = forward.Lanes;
        var steps = new long[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            steps[lane] = forward.LaneStats(lane).AcceptedSteps;
        }

        var job = new CudaJob<T>(CudaKernelKind.Checkpointed, CudaKernelSource.Compose(networkCode, tableauCode), lanes, stateSize, parameters.ToArray(), SaveTimes.InDouble(saveAt), PackOptions(options), blockSize)
        {
            Y0 = y0.ToArray(),
            LossGradient = dLdY.ToArray(),
            InitialStateGradient = new T[y0.Length],
            ParameterGradient = new double[parameters.Length],
            Checkpoints = CudaCheckpointPlan.For(steps, checkpoints),
        };
        runner.Run(job);

        // The kernel's forward pass retraces the solve above, so a failure there is reported as a forward failure.
        CudaStatus.ThrowIfFailed<T>(job.Status, options, backward: false);
        for (int i = 0; i < job.InitialStateGradient.Length; i++)
        {
            if (!T.IsFinite(job.InitialStateGradient[i]))
            {
                int lane = i / stateSize;
                throw new OdeSolveException(lane, job.Save[0], $"Lane {lane} failed in the backward pass: the adjoint state became non-finite (NaN or infinity).");
            }
        }

        return Collect(job, forward);
    }

    /// <summary>A backward job's outputs as a <see cref="Gradient{T}"/>; the backward stats summed over lanes.</summary>
    private static Gradient<T> Collect<T>(CudaJob<T> job, Solution<T> forward)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradient = new T[job.ParameterGradient.Length];
        for (int q = 0; q < gradient.Length; q++)
        {
            gradient[q] = T.CreateTruncating(job.ParameterGradient[q]);
        }

        long evaluations = 0, accepted = 0, rejected = 0;
        for (int lane = 0; lane < job.Lanes; lane++)
        {
            evaluations += job.Stats[3 * lane];
            accepted += job.Stats[(3 * lane) + 1];
            rejected += job.Stats[(3 * lane) + 2];
        }

        return new Gradient<T>(gradient, job.InitialStateGradient, forward, new SolverStats(evaluations, accepted, rejected));
    }

    /// <summary>
    /// The slots of the packed options, in the order the kernels' <c>ode_options</c> (<c>Device/ode_contract.cuh</c>)
    /// reads them: the <c>OdeOptions</c> field each fills and its value for given <see cref="SolverOptions"/>. A
    /// missing fixed or initial step is 0 (adaptive; Hairer's initial step), a missing max step ∞. Checked against the
    /// header slot by slot by <c>CudaContractTests</c>.
    /// </summary>
    internal static readonly (string Field, Func<SolverOptions, double> Read)[] OptionLayout =
    [
        ("rtol", o => o.RelativeTolerance),
        ("atol", o => o.AbsoluteTolerance),
        ("fixed_step", o => o.FixedStep ?? 0),
        ("initial_step", o => o.InitialStep ?? 0),
        ("max_step", o => o.MaxStep ?? double.PositiveInfinity),
        ("min_step", o => o.MinStep),
        ("safety", o => o.Safety),
        ("min_factor", o => o.MinFactor),
        ("max_factor", o => o.MaxFactor),
        ("beta", o => o.ControllerBeta),
        ("max_steps", o => o.MaxSteps),
    ];

    /// <summary><see cref="SolverOptions"/> as the kernels' <c>ode_options</c> reads them (<see cref="OptionLayout"/>).</summary>
    internal static double[] PackOptions(SolverOptions options) => Array.ConvertAll(OptionLayout, slot => slot.Read(options));

    /// <summary>
    /// Whether to run on CUDA: <see cref="Backend.Cuda"/> requires a generated network, a tableau with a CUDA step and
    /// a usable device (and throws naming what is missing); <see cref="Backend.Auto"/> uses them when all are there.
    /// </summary>
    private static bool Select<TTableau, TSystem, T>(TSystem system, SolverOptions options, string what,
        [NotNullWhen(true)] out ICudaDynamics? cuda, [NotNullWhen(true)] out IDifferentiableSystem<T>? network, [NotNullWhen(true)] out string? tableau, [NotNullWhen(true)] out ICudaRunner? runner)
        where TTableau : IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        cuda = null;
        network = null;
        tableau = null;
        runner = null;
        if (options.Backend is not (Backend.Cuda or Backend.Auto))
        {
            throw new ArgumentException($"options.Backend {(int)options.Backend} is not a Backend.", "options.Backend");
        }

        bool required = options.Backend == Backend.Cuda;
        if (options.SaveMode != SaveMode.Step)
        {
            // The device integrator lands on every save time; dense output is implemented on the CPU only.
            return required
                ? throw new NotSupportedException($"options.Backend is Cuda, but options.SaveMode is {options.SaveMode}: the CUDA backend saves only with SaveMode.Step. Use SaveMode.Step, Backend.Cpu, or Backend.Auto to fall back to the CPU.")
                : false;
        }

        if (options.StepSizeControl != StepSizeControl.ProportionalIntegral && options.FixedStep is null)
        {
            // The device controller (ode_controller in the generated step) is Hairer's PI controller only.
            return required
                ? throw new NotSupportedException($"options.Backend is Cuda, but options.StepSizeControl is {options.StepSizeControl}: the CUDA backend adapts steps with StepSizeControl.ProportionalIntegral only. Use ProportionalIntegral, Backend.Cpu, or Backend.Auto to fall back to the CPU.")
                : false;
        }

        if (system is ICudaRefusal refusal)
        {
            return required
                ? throw new NotSupportedException($"options.Backend is Cuda, but {system.GetType().Name} has {refusal.CudaRefusal}, which the CUDA backend does not compile: feature-map layers (convolution, group norm, pooling) run on the CPU only. Use Backend.Cpu, or Backend.Auto to fall back to the CPU.")
                : false;
        }

        if (system is not ICudaDynamics code || system is not IDifferentiableSystem<T> differentiable)
        {
            return required
                ? throw new NotSupportedException($"options.Backend is Cuda, but {system?.GetType().Name} has no CUDA kernels: only [Dynamics] networks are compiled for CUDA. Use Backend.Cpu, or Backend.Auto to fall back to the CPU.")
                : false;
        }

        if (TTableau.CudaStepSource is not { } step)
        {
            return required
                ? throw new NotSupportedException($"options.Backend is Cuda, but the tableau {TTableau.Info.Name} has no CUDA step (IRungeKuttaTableau.CudaStepSource is null): only [ButcherTableau] structs are compiled for CUDA. Use Backend.Cpu, or Backend.Auto to fall back to the CPU.")
                : false;
        }

        if (!CudaRuntime.TryGetDevice(out CudaContext? device, out CudaException? missing))
        {
            return required
                ? throw new CudaException(missing.ErrorName, $"options.Backend is Cuda for {what}, but CUDA is not available: {missing.Message} Use Backend.Auto to fall back to the CPU.")
                : false;
        }

        cuda = code;
        network = differentiable;
        tableau = step;
        runner = device;
        return true;
    }
}
