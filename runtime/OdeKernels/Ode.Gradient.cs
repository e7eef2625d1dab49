using System;
using System.Globalization;
using System.Numerics;
using OdeKernels.Adjoints;
using OdeKernels.Solving;

namespace OdeKernels;

public static partial class Ode
{
    /// <summary>
    /// Solves as <see cref="Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?)"/> and returns the gradient of a loss L with respect to the
    /// system's parameters and the initial states, given dL/dy at every saved state.
    /// </summary>
    /// <typeparam name="TSystem">The differentiable right-hand side.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="system">The right-hand side f(t, y; θ).</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, lanes × StateSize values.</param>
    /// <param name="saveAt">Strictly increasing save times, at least two.</param>
    /// <param name="dLdY">dL/dy at every saved state, laid out like <see cref="Solution{T}.States"/>.</param>
    /// <param name="options">Tolerances and step control (used forwards and, for Backsolve, backwards).</param>
    /// <param name="method">How to differentiate through the solve.</param>
    /// <param name="checkpoints">For <see cref="AdjointMethod.Checkpointed"/>: the most states stored per lane; 0 (the default) keeps about 2√N for N steps.</param>
    /// <returns>dL/dθ, dL/dy₀ and the forward solution.</returns>
    /// <exception cref="ArgumentException">An input is malformed, or the batch is too large for the solver's buffers (each must fit in one array); the message names it and its value.</exception>
    /// <exception cref="OutOfMemoryException">The solver's buffers do not fit in memory; the message names the bytes needed.</exception>
    /// <exception cref="OdeSolveException">A lane failed in the forward or the backward pass.</exception>
    /// <exception cref="Cuda.CudaException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/> and CUDA is missing (the message names the driver, NVRTC or the device) or failed, or the device has too little memory.</exception>
    /// <exception cref="NotSupportedException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/> for a system that is not a generated network or a tableau without a CUDA step, or with <see cref="AdjointMethod.Direct"/> (which runs on the CPU only).</exception>
    public static Gradient<T> Gradient<TSystem, TTableau, T>(
        TSystem system, TTableau tableau, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ReadOnlySpan<T> dLdY,
        SolverOptions? options = null, AdjointMethod method = AdjointMethod.Backsolve, int checkpoints = 0)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(system);
        options ??= SolverOptions.Default;
        CheckGradientInputs(system, y0, saveAt, options, method, checkpoints, TTableau.Info);
        CheckCotangents(dLdY, saveAt.Length * y0.Length);
        if (options.Backend != Backend.Cpu)
        {
            if (Cuda.CudaBackend.TryGradient<TTableau, TSystem, T>(system, y0, saveAt, dLdY, options, method, checkpoints, out Gradient<T>? onDevice))
            {
                return onDevice;
            }

            // Not on CUDA after all (Auto): the CPU adjoints' inner solves stay on the CPU too.
            options = options with { Backend = Backend.Cpu };
        }

        var cotangents = Cotangents<T>.Given(dLdY);
        return OnCpu<TSystem, TTableau, T>(system, y0, saveAt, ref cotangents, options, method, checkpoints);
    }

    /// <summary>
    /// Solves forward once, applies <paramref name="loss"/> to the solution to get L and dL/dy, and returns the
    /// gradient of L with respect to the parameters and the initial states (<see cref="Gradient{T}.Loss"/> holds L).
    /// The training loop's form: one forward solve per gradient.
    /// </summary>
    /// <typeparam name="TSystem">The differentiable right-hand side.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="system">The right-hand side f(t, y; θ).</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, lanes × StateSize values.</param>
    /// <param name="saveAt">Strictly increasing save times, at least two.</param>
    /// <param name="loss">Computes L and dL/dy from the forward solution.</param>
    /// <param name="options">Tolerances, step control and backend. On <see cref="Backend.Cuda"/> the forward solve runs once more on the device.</param>
    /// <param name="method">How to differentiate through the solve.</param>
    /// <param name="checkpoints">For <see cref="AdjointMethod.Checkpointed"/>: the most states stored per lane; 0 keeps about 2√N.</param>
    /// <returns>dL/dθ, dL/dy₀, the forward solution and L.</returns>
    /// <exception cref="ArgumentException">An input is malformed, the batch is too large for the solver's buffers, or the loss function wrote a non-finite dL/dy.</exception>
    /// <exception cref="OutOfMemoryException">The solver's buffers do not fit in memory; the message names the bytes needed.</exception>
    /// <exception cref="OdeSolveException">A lane failed in the forward or the backward pass.</exception>
    public static Gradient<T> Gradient<TSystem, TTableau, T>(
        TSystem system, TTableau tableau, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, LossFunction<T> loss,
        SolverOptions? options = null, AdjointMethod method = AdjointMethod.Backsolve, int checkpoints = 0)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= SolverOptions.Default;
        CheckGradientInputs(system, y0, saveAt, options, method, checkpoints, TTableau.Info);
        if (options.Backend != Backend.Cpu)
        {
            // The device adjoints take dL/dy up front: solve once to get it, then hand over.
            Solution<T> forward = Solve(system, tableau, y0, saveAt, options);
            var given = Cotangents<T>.From(loss);
            ReadOnlySpan<T> dLdY = given.Resolve(forward);
            Gradient<T> result = Gradient(system, tableau, y0, saveAt, dLdY, options, method, checkpoints);
            return new Gradient<T>(result.Parameters, result.InitialState, result.Solution, result.BackwardStats, given.Loss);
        }

        var cotangents = Cotangents<T>.From(loss);
        return OnCpu<TSystem, TTableau, T>(system, y0, saveAt, ref cotangents, options, method, checkpoints);
    }

    /// <summary>
    /// The Backsolve gradient of <see cref="Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/>
    /// after a forward solve the caller already holds: <paramref name="forward"/> must be what
    /// <see cref="Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?)"/>
    /// returned for the same system, parameters, states, save times and options, so the result is that method's bits
    /// with one forward solve fewer (a model's forward pass followed by its VJP, as a training step runs them). Off the
    /// CPU it solves again, as the public method does.
    /// </summary>
    internal static Gradient<T> BacksolveAfter<TSystem, TTableau, T>(
        TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ReadOnlySpan<T> dLdY, SolverOptions options, Solution<T> forward)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (options.Backend != Backend.Cpu || forward.Lanes * system.StateSize != y0.Length || forward.Times.Length != saveAt.Length)
        {
            return Gradient(system, default(TTableau), y0, saveAt, dLdY, options, AdjointMethod.Backsolve);
        }

        CheckGradientInputs(system, y0, saveAt, options, AdjointMethod.Backsolve, 0, TTableau.Info);
        CheckCotangents(dLdY, saveAt.Length * y0.Length);
        var cotangents = Cotangents<T>.Given(dLdY);
        return OnCpu<TSystem, TTableau, T>(system, y0, saveAt, ref cotangents, options, AdjointMethod.Backsolve, 0, forward);
    }

    private static Gradient<T> OnCpu<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ref Cotangents<T> cotangents, SolverOptions options, AdjointMethod method, int checkpoints, Solution<T>? solved = null)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T> =>
        OnCpu<TSystem, TTableau, T>(system, y0, SaveSchedule<T>.Shared(saveAt, y0.Length / system.StateSize), ref cotangents, options, method, checkpoints, solved);

    /// <summary>
    /// Runs the chosen adjoint on the CPU, every lane on its save times in <paramref name="schedule"/>; Backsolve starts
    /// from <paramref name="solved"/> when the caller already holds the forward solution (<see cref="BacksolveAfter"/>).
    /// </summary>
    private static Gradient<T> OnCpu<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, ref Cotangents<T> cotangents, SolverOptions options, AdjointMethod method, int checkpoints, Solution<T>? solved = null)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        InputValidation.CheckGradientSizes(system.StateSize, system.ParameterCount, y0.Length, system is IBatchedDifferentiableSystem<T>, method, TTableau.Info);
        if (method != AdjointMethod.Backsolve)
        {
            int limit = method == AdjointMethod.Direct ? int.MaxValue : checkpoints;
            return system is IBatchedDifferentiableSystem<T> lanes
                ? BatchedDiscreteAdjoint.Run<TTableau, T>(lanes, y0, schedule, ref cotangents, options, limit)
                : DiscreteAdjoint.Run<TSystem, TTableau, T>(system, y0, schedule, ref cotangents, options, limit);
        }

        return system is IBatchedDifferentiableSystem<T> batched
            ? BatchedBacksolveAdjoint.Run<TTableau, T>(batched, y0, schedule, ref cotangents, options, solved: solved)
            : BacksolveAdjoint.Run<TSystem, TTableau, T>(system, y0, schedule, ref cotangents, options, solved);
    }

    /// <summary>dL/dy must hold one value per saved state component (<paramref name="expected"/>), all finite.</summary>
    private static void CheckCotangents<T>(ReadOnlySpan<T> dLdY, int expected)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (dLdY.Length != expected)
        {
            throw new ArgumentException($"dLdY must hold saves × lanes × StateSize = {expected} values, but its length is {dLdY.Length}.", nameof(dLdY));
        }

        CheckFinite(dLdY, nameof(dLdY));
    }

    private static void CheckGradientInputs<TSystem, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options, AdjointMethod method, int checkpoints, TableauInfo tableau)
        where TSystem : IDifferentiableSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        InputValidation.CheckSolve(system.StateSize, y0, saveAt, options, tableau);
        if (saveAt.Length < 2)
        {
            throw new ArgumentException($"saveAt must hold at least two times for a gradient, but it holds {saveAt.Length}.", nameof(saveAt));
        }

        CheckAdjoint<TSystem, T>(system, method, checkpoints);
    }

    /// <summary>The system's parameters finite, the checkpoint budget and the method valid.</summary>
    private static void CheckAdjoint<TSystem, T>(TSystem system, AdjointMethod method, int checkpoints)
        where TSystem : IDifferentiableSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckFinite<T>(system.Parameters, "system.Parameters");
        if (checkpoints < 0 || checkpoints == 1)
        {
            throw new ArgumentException($"checkpoints must be 0 (automatic) or at least 2, but it is {checkpoints}.", nameof(checkpoints));
        }

        if (!Enum.IsDefined(method))
        {
            throw new ArgumentException($"method {(int)method} is not an AdjointMethod.", nameof(method));
        }
    }

    private static void CheckFinite<T>(ReadOnlySpan<T> values, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name} must be finite, but {name}[{i}] is {values[i].ToString(null, CultureInfo.InvariantCulture)}.", name);
            }
        }
    }
}
