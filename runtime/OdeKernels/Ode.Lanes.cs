using System;
using System.Numerics;
using OdeKernels.Adjoints;
using OdeKernels.Solving;

namespace OdeKernels;

// Per-lane save times: the same drivers as the shared saveAt (which is the special case where every lane has the
// same times; see Solving/SaveSchedule), with the results in the ragged layout of LaneSaveTimes<T>.
public static partial class Ode
{
    /// <summary>
    /// Solves dy/dt = f(t, y) for every lane of <paramref name="y0"/> from <see cref="LaneSaveTimes{T}.Start"/>, each
    /// lane to its own last save time and with its own adaptive (or fixed) step size, and returns the state of every
    /// lane at each of its own save times. With <see cref="SaveMode.Step"/> a lane steps exactly onto each of its times;
    /// with <see cref="SaveMode.Interpolate"/> it steps freely (clipped to its last time) and its dense output fills the
    /// others. A lane gets the bits it would get solved alone or in a batch, on any number of threads; on the same
    /// times for every lane the states are those of the shared-<c>saveAt</c> overload.
    /// </summary>
    /// <typeparam name="TSystem">The right-hand side; a <see cref="IBatchedOdeSystem{T}"/> is evaluated for many lanes per call.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method (a struct marked <see cref="ButcherTableauAttribute"/>).</typeparam>
    /// <typeparam name="T">The floating-point type (<see cref="float"/> or <see cref="double"/>).</typeparam>
    /// <param name="system">The right-hand side f.</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, <c>lanes × StateSize</c> values, lane after lane (one lane per lane of <paramref name="saveAt"/>).</param>
    /// <param name="saveAt">The start and every lane's save times.</param>
    /// <param name="options">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <returns>The states at every lane's save times, in the ragged layout, and the work done.</returns>
    /// <exception cref="ArgumentException">An input is malformed, or the batch is too large for the solver's buffers; the message names it and its value.</exception>
    /// <exception cref="OdeSolveException">A lane's step size underflowed, its state became non-finite, or it exceeded <see cref="SolverOptions.MaxSteps"/>.</exception>
    /// <exception cref="NotSupportedException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/>: per-lane save times run on the CPU (<see cref="Backend.Auto"/> runs them there).</exception>
    public static LaneSolution<T> Solve<TSystem, TTableau, T>(TSystem system, TTableau tableau, ReadOnlySpan<T> y0, LaneSaveTimes<T> saveAt, SolverOptions? options = null)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(system);
        _ = tableau;
        options ??= SolverOptions.Default;
        InputValidation.CheckLanes(system.StateSize, y0, saveAt, options, TTableau.Info);
        RefuseDevice(options);
        return AsLanes(SolveScheduled<TSystem, TTableau, T>(system, y0, saveAt.Schedule(), options), saveAt, system.StateSize);
    }

    /// <summary>
    /// Solves as <see cref="Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, LaneSaveTimes{T}, SolverOptions?)"/>
    /// and writes the states into <paramref name="states"/> (in the ragged layout) instead of returning them.
    /// </summary>
    /// <typeparam name="TSystem">The right-hand side.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method (a struct marked <see cref="ButcherTableauAttribute"/>).</typeparam>
    /// <typeparam name="T">The floating-point type (<see cref="float"/> or <see cref="double"/>).</typeparam>
    /// <param name="system">The right-hand side f.</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, <c>lanes × StateSize</c> values, lane after lane.</param>
    /// <param name="saveAt">The start and every lane's save times.</param>
    /// <param name="states">Receives the states: <c>saveAt.Count × StateSize</c> values, row <c>saveAt.Offsets[lane] + save</c>; not overlapping <paramref name="y0"/>.</param>
    /// <param name="options">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <returns>The work done, totalled over lanes.</returns>
    /// <exception cref="ArgumentException">An input is malformed, or <paramref name="states"/> has the wrong length or overlaps <paramref name="y0"/>.</exception>
    /// <exception cref="OdeSolveException">A lane's step size underflowed, its state became non-finite, or it exceeded <see cref="SolverOptions.MaxSteps"/>.</exception>
    /// <exception cref="NotSupportedException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/>.</exception>
    public static SolverStats SolveInto<TSystem, TTableau, T>(TSystem system, TTableau tableau, ReadOnlySpan<T> y0, LaneSaveTimes<T> saveAt, Span<T> states, SolverOptions? options = null)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(saveAt);
        long expected = (long)saveAt.Count * system.StateSize;
        if (states.Length != expected)
        {
            throw new ArgumentException($"states must hold save times × StateSize = {expected} values, but its length is {states.Length}.", nameof(states));
        }

        if (states.Overlaps(y0))
        {
            throw new ArgumentException("states must not overlap y0: the solve reads y0 while it writes the states.", nameof(states));
        }

        LaneSolution<T> solution = Solve(system, tableau, y0, saveAt, options);
        solution.States.CopyTo(states);
        return solution.Stats;
    }

    /// <summary>
    /// Solves as <see cref="Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, LaneSaveTimes{T}, SolverOptions?)"/>
    /// and returns the gradient of a loss L with respect to the system's parameters and the initial states, given
    /// dL/dy at every lane's save times in the ragged layout. Every adjoint works as with a shared <c>saveAt</c>:
    /// the discrete ones reverse each lane's own steps (cotangents enter where the lane landed on or interpolated a
    /// save time); Backsolve integrates each lane backwards over its own save times.
    /// </summary>
    /// <typeparam name="TSystem">The differentiable right-hand side.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="system">The right-hand side f(t, y; θ).</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, lanes × StateSize values.</param>
    /// <param name="saveAt">The start and every lane's save times (a lane may have none: its only gradient is dL/dy₀ = 0).</param>
    /// <param name="dLdY">dL/dy at every lane's save times, laid out like <see cref="LaneSolution{T}.States"/>: <c>saveAt.Count × StateSize</c> values.</param>
    /// <param name="options">Tolerances and step control (used forwards and, for Backsolve, backwards).</param>
    /// <param name="method">How to differentiate through the solve.</param>
    /// <param name="checkpoints">For <see cref="AdjointMethod.Checkpointed"/>: the most states stored per lane; 0 (the default) keeps about 2√N for N steps.</param>
    /// <returns>dL/dθ, dL/dy₀ and the forward solution.</returns>
    /// <exception cref="ArgumentException">An input is malformed, or the batch is too large for the solver's buffers; the message names it and its value.</exception>
    /// <exception cref="OdeSolveException">A lane failed in the forward or the backward pass.</exception>
    /// <exception cref="NotSupportedException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/>.</exception>
    public static LaneGradient<T> Gradient<TSystem, TTableau, T>(
        TSystem system, TTableau tableau, ReadOnlySpan<T> y0, LaneSaveTimes<T> saveAt, ReadOnlySpan<T> dLdY,
        SolverOptions? options = null, AdjointMethod method = AdjointMethod.Backsolve, int checkpoints = 0)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        _ = tableau;
        options = CheckLaneGradient<TSystem, TTableau, T>(system, y0, saveAt, options, method, checkpoints);
        long expected = (long)saveAt.Count * system.StateSize;
        if (dLdY.Length != expected)
        {
            throw new ArgumentException($"dLdY must hold save times × StateSize = {expected} values, but its length is {dLdY.Length}.", nameof(dLdY));
        }

        CheckFinite(dLdY, nameof(dLdY));
        var cotangents = Cotangents<T>.Given(dLdY);
        return LaneGradientOnCpu<TSystem, TTableau, T>(system, y0, saveAt, ref cotangents, options, method, checkpoints);
    }

    /// <summary>
    /// Solves forward once with per-lane save times, applies <paramref name="loss"/> to the solution to get L and
    /// dL/dy (ragged, as <see cref="LaneSolution{T}.States"/>), and returns the gradient of L with respect to the
    /// parameters and the initial states (<see cref="LaneGradient{T}.Loss"/> holds L). The training loop's form.
    /// </summary>
    /// <typeparam name="TSystem">The differentiable right-hand side.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="system">The right-hand side f(t, y; θ).</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, lanes × StateSize values.</param>
    /// <param name="saveAt">The start and every lane's save times.</param>
    /// <param name="loss">Computes L and dL/dy from the forward solution.</param>
    /// <param name="options">Tolerances and step control (used forwards and, for Backsolve, backwards).</param>
    /// <param name="method">How to differentiate through the solve.</param>
    /// <param name="checkpoints">For <see cref="AdjointMethod.Checkpointed"/>: the most states stored per lane; 0 keeps about 2√N.</param>
    /// <returns>dL/dθ, dL/dy₀, the forward solution and L.</returns>
    /// <exception cref="ArgumentException">An input is malformed, or the loss function wrote a non-finite dL/dy.</exception>
    /// <exception cref="OdeSolveException">A lane failed in the forward or the backward pass.</exception>
    /// <exception cref="NotSupportedException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/>.</exception>
    public static LaneGradient<T> Gradient<TSystem, TTableau, T>(
        TSystem system, TTableau tableau, ReadOnlySpan<T> y0, LaneSaveTimes<T> saveAt, LaneLossFunction<T> loss,
        SolverOptions? options = null, AdjointMethod method = AdjointMethod.Backsolve, int checkpoints = 0)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(loss);
        _ = tableau;
        options = CheckLaneGradient<TSystem, TTableau, T>(system, y0, saveAt, options, method, checkpoints);
        int n = system.StateSize;
        // The adjoints hand the loss their forward solution in its internal form (ragged rows); it sees it as a LaneSolution.
        var cotangents = Cotangents<T>.From((forward, dLdY) => loss(AsLanes(forward, saveAt, n), dLdY));
        return LaneGradientOnCpu<TSystem, TTableau, T>(system, y0, saveAt, ref cotangents, options, method, checkpoints);
    }

    /// <summary>Checks a per-lane gradient's inputs; returns the options to use.</summary>
    private static SolverOptions CheckLaneGradient<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, LaneSaveTimes<T> saveAt, SolverOptions? options, AdjointMethod method, int checkpoints)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(system);
        options ??= SolverOptions.Default;
        InputValidation.CheckLanes(system.StateSize, y0, saveAt, options, TTableau.Info);
        CheckAdjoint<TSystem, T>(system, method, checkpoints);
        return options;
    }

    /// <summary>Refuses CUDA, runs the adjoint on the CPU over the lanes' schedule and wraps the result.</summary>
    private static LaneGradient<T> LaneGradientOnCpu<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, LaneSaveTimes<T> saveAt, ref Cotangents<T> cotangents, SolverOptions options, AdjointMethod method, int checkpoints)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RefuseDevice(options);
        options = options with { Backend = Backend.Cpu };
        Gradient<T> result = OnCpu<TSystem, TTableau, T>(system, y0, saveAt.Schedule(), ref cotangents, options, method, checkpoints);
        return new LaneGradient<T>(result.Parameters, result.InitialState, AsLanes(result.Solution, saveAt, system.StateSize), result.BackwardStats, result.Loss);
    }

    /// <summary>A solution solved on <paramref name="saveAt"/>'s schedule (ragged rows) as the public per-lane result, sharing its buffers.</summary>
    private static LaneSolution<T> AsLanes<T>(Solution<T> solution, LaneSaveTimes<T> saveAt, int stateSize)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(solution.StateArray, saveAt, stateSize, solution.LaneStatsArray, solution.Stats);

    /// <summary>Per-lane save times have no device kernels: <see cref="Backend.Cuda"/> is refused, <see cref="Backend.Auto"/> runs on the CPU.</summary>
    private static void RefuseDevice(SolverOptions options)
    {
        if (options.Backend == Backend.Cuda)
        {
            throw new NotSupportedException("Per-lane save times (LaneSaveTimes) run on the CPU only: the CUDA kernels step every lane onto one shared saveAt. Use Backend.Cpu or Backend.Auto, or one shared saveAt.");
        }
    }
}
