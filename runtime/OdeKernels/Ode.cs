using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels;

/// <summary>Solves batches of ordinary differential equations with generated Runge-Kutta kernels.</summary>
/// <remarks>Thread safety: every member is safe to call concurrently from any number of threads, and from inside a
/// right-hand side (a nested call): each call rents solver buffers of its own for its duration; a system shared by
/// concurrent calls must itself allow concurrent evaluation (immutable hand-written systems do; generated networks: see
/// their documentation). One call itself uses up to <see cref="SolverOptions.MaxDegreeOfParallelism"/> threads (all
/// cores by default) when it has more than one block of lanes, with the same results on any number; a hand-written
/// system is then evaluated from several threads at once.</remarks>
public static partial class Ode
{
    /// <summary>
    /// Solves dy/dt = f(t, y) for every lane of <paramref name="y0"/> from <c>saveAt[0]</c> to the last save time,
    /// each lane with its own adaptive (or fixed) step size, and returns the state of every lane at every save time.
    /// </summary>
    /// <typeparam name="TSystem">The right-hand side; a <see cref="IBatchedOdeSystem{T}"/> is evaluated for many lanes per call.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method (a struct marked <see cref="ButcherTableauAttribute"/>).</typeparam>
    /// <typeparam name="T">The floating-point type (<see cref="float"/> or <see cref="double"/>).</typeparam>
    /// <param name="system">The right-hand side f.</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, <c>lanes × StateSize</c> values, lane after lane.</param>
    /// <param name="saveAt">Strictly increasing times; the solve starts at the first. Lanes step exactly onto each.</param>
    /// <param name="options">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <returns>The states at <paramref name="saveAt"/> and the work done.</returns>
    /// <exception cref="ArgumentException">An input is malformed, or the batch is too large for the solver's buffers (each must fit in one array); the message names it and its value.</exception>
    /// <exception cref="OutOfMemoryException">The solver's buffers do not fit in memory; the message names the bytes needed.</exception>
    /// <exception cref="OdeSolveException">A lane's step size underflowed, its state became non-finite, or it exceeded <see cref="SolverOptions.MaxSteps"/>.</exception>
    /// <exception cref="Cuda.CudaException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/> and CUDA is missing (the message names the driver, NVRTC or the device) or failed, or the device has too little memory.</exception>
    /// <exception cref="NotSupportedException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/> for a system that is not a generated network, or a tableau without a CUDA step (<see cref="IRungeKuttaTableau.CudaStepSource"/>).</exception>
    public static Solution<T> Solve<TSystem, TTableau, T>(TSystem system, TTableau tableau, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions? options = null)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(system);
        _ = tableau;
        options ??= SolverOptions.Default;
        int stateSize = system.StateSize;
        InputValidation.CheckSolve(stateSize, y0, saveAt, options, TTableau.Info);
        if (options.Backend != Backend.Cpu && Cuda.CudaBackend.TrySolve<TTableau, TSystem, T>(system, y0, saveAt, options, out Solution<T>? onDevice))
        {
            return onDevice;
        }

        if (FewLanes.Applies<TTableau, T>(y0.Length / stateSize))
        {
            return FewLanes.Solve<TSystem, TTableau, T>(system, y0, saveAt, options);
        }

        var none = default(NoRecorder<T>);
        return Run<TSystem, TTableau, T, NoRecorder<T>>(system, y0, saveAt, options, ref none);
    }

    /// <summary>
    /// Picks the batched or the lane-by-lane adapter and runs the integrator block by block (on up to
    /// <see cref="SolverOptions.MaxDegreeOfParallelism"/> threads), <paramref name="recorder"/> copied to each block.
    /// </summary>
    internal static Solution<T> Run<TSystem, TTableau, T, TRecorder>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options, ref TRecorder recorder)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRecorder : struct, IStepRecorder<T> =>
        Run<TSystem, TTableau, T, TRecorder>(system, y0, SaveSchedule<T>.Shared(saveAt, y0.Length / system.StateSize), options, ref recorder);

    /// <summary>Runs the integrator as above, every lane on its own save times (<see cref="SaveSchedule{T}"/>).</summary>
    internal static Solution<T> Run<TSystem, TTableau, T, TRecorder>(TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, SolverOptions options, ref TRecorder recorder)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRecorder : struct, IStepRecorder<T>
    {
        if (system is IBatchedOdeSystem<T> batched)
        {
            return BatchIntegrator.SolveBlocks<T, TTableau, BatchedSystemAdapter<T>, TRecorder>(new BatchedSystemAdapter<T>(batched), LaneBlocks.Size(batched), y0, schedule, options, recorder);
        }

        var scalar = new ScalarSystemAdapter<TSystem, T>(system, system.StateSize);
        return BatchIntegrator.SolveBlocks<T, TTableau, ScalarSystemAdapter<TSystem, T>, TRecorder>(scalar, LaneBlocks.Size(system), y0, schedule, options, recorder);
    }

    /// <summary>
    /// Solves validated inputs on the CPU as <c>Solve</c> does (lane by lane for a few lanes, else in blocks), on any
    /// schedule; the result's rows are the schedule's. The adjoints' forward and backward solves come here.
    /// </summary>
    internal static Solution<T> SolveScheduled<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, SolverOptions options)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = system.StateSize, lanes = y0.Length / n;
        if (FewLanes.Applies<TTableau, T>(lanes))
        {
            if (schedule.IsShared)
            {
                return FewLanes.Solve<TSystem, TTableau, T>(system, y0, schedule.Times, options);
            }

            T[] states = schedule.AllocateStates(y0, n);
            var laneStats = new SolverStats[lanes];
            FewLanes.Into<TSystem, TTableau, T>(system, y0, schedule, options, states, laneStats);
            return new Solution<T>(states, schedule.Times, lanes, n, laneStats);
        }

        var none = default(NoRecorder<T>);
        return Run<TSystem, TTableau, T, NoRecorder<T>>(system, y0, schedule, options, ref none);
    }
}
