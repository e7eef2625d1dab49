using System;
using System.Numerics;
using OdeKernels.Generated;
using OdeKernels.Solving;

namespace OdeKernels;

public static partial class Ode
{
    /// <summary>
    /// Solves dy/dt = f(t, y) for one small trajectory whose state is a value (<see cref="ISmallOdeSystem{T, TState}"/>
    /// with a <see cref="IStateVector{TSelf, T}"/> state such as <see cref="State2{T}"/>) and returns its state at every
    /// save time. The generated step keeps the stages in local variables and inlines a struct system, so this is the
    /// fastest way to solve a system of a few components one trajectory at a time. Same controller, save modes,
    /// statistics and failures as the <see cref="IOdeSystem{T}"/> solve, and, without
    /// <see cref="SolverOptions.FusedMultiplyAdd"/>, the same bits for the same arithmetic. With it, a
    /// <see cref="SmallOdeSystemAttribute"/> struct runs its contracted right-hand side, as its span solves do. Runs on
    /// the CPU.
    /// </summary>
    /// <typeparam name="TSystem">The right-hand side; a struct is inlined into the generated step.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method (a struct marked <see cref="ButcherTableauAttribute"/>).</typeparam>
    /// <typeparam name="T">The floating-point type (<see cref="float"/> or <see cref="double"/>).</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="system">The right-hand side f.</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial state.</param>
    /// <param name="saveAt">Strictly increasing times; the solve starts at the first.</param>
    /// <param name="options">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <returns>The states at <paramref name="saveAt"/> (one lane) and the work done.</returns>
    /// <exception cref="ArgumentException">An input is malformed (the message names it and its value).</exception>
    /// <exception cref="OdeSolveException">The step size underflowed, the state became non-finite, or the solve exceeded <see cref="SolverOptions.MaxSteps"/>.</exception>
    /// <exception cref="NotSupportedException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/> (a state solve runs on the CPU), or the tableau has no state step.</exception>
    public static Solution<T> Solve<TSystem, TTableau, T, TState>(TSystem system, TTableau tableau, TState y0, ReadOnlySpan<T> saveAt, SolverOptions? options = null)
        where TSystem : ISmallOdeSystem<T, TState>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
        where TState : unmanaged, IStateVector<TState, T>
    {
        var states = new T[saveAt.Length * TState.Size];
        SolverStats stats = SolveInto(system, tableau, y0, saveAt, states, options);
        return new Solution<T>(states, saveAt.ToArray(), 1, TState.Size, [stats]);
    }

    /// <summary>
    /// Solves as <see cref="Solve{TSystem, TTableau, T, TState}(TSystem, TTableau, TState, ReadOnlySpan{T}, SolverOptions?)"/>
    /// but writes the states into <paramref name="states"/> and returns only the work done: after the first call
    /// nothing is allocated.
    /// </summary>
    /// <typeparam name="TSystem">The right-hand side; a struct is inlined into the generated step.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method (a struct marked <see cref="ButcherTableauAttribute"/>).</typeparam>
    /// <typeparam name="T">The floating-point type (<see cref="float"/> or <see cref="double"/>).</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="system">The right-hand side f.</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial state.</param>
    /// <param name="saveAt">Strictly increasing times; the solve starts at the first.</param>
    /// <param name="states">Receives the states, <c>saves × Size</c> values, save after save.</param>
    /// <param name="options">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <returns>The work done.</returns>
    /// <exception cref="ArgumentException">An input is malformed, or <paramref name="states"/> has the wrong length (the message names it and its value).</exception>
    /// <exception cref="OdeSolveException">The step size underflowed, the state became non-finite, or the solve exceeded <see cref="SolverOptions.MaxSteps"/>.</exception>
    /// <exception cref="NotSupportedException"><see cref="SolverOptions.Backend"/> is <see cref="Backend.Cuda"/> (a state solve runs on the CPU), or the tableau has no state step.</exception>
    public static SolverStats SolveInto<TSystem, TTableau, T, TState>(TSystem system, TTableau tableau, TState y0, ReadOnlySpan<T> saveAt, Span<T> states, SolverOptions? options = null)
        where TSystem : ISmallOdeSystem<T, TState>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
        where TState : unmanaged, IStateVector<TState, T>
    {
        if (!typeof(TSystem).IsValueType)
        {
            ArgumentNullException.ThrowIfNull(system);
        }

        _ = tableau;
        options ??= SolverOptions.Default;
        int n = TState.Size;
        if (!TTableau.HasStateStep)
        {
            throw new NotSupportedException($"The tableau {typeof(TTableau).Name} has no state step (HasStateStep is false); solve an IOdeSystem<T> instead.");
        }

        if (options.Backend == Backend.Cuda)
        {
            throw new NotSupportedException("A solve of an ISmallOdeSystem runs on the CPU; set SolverOptions.Backend to Cpu or Auto.");
        }

        Span<T> start = n <= 64 ? stackalloc T[n] : new T[n];
        y0.CopyTo(start);
        InputValidation.CheckSolve<T>(n, start, saveAt, options, TTableau.Info);
        long expected = (long)saveAt.Length * n;
        if (states.Length != expected)
        {
            throw new ArgumentException($"states must hold saves × Size = {expected} values, but its length is {states.Length}.", nameof(states));
        }

        // A [SmallOdeSystem] struct contracts its right-hand side under the flag, whichever entry the solve came
        // through (a static field of the generic type: nothing boxed, and a null test for every other system).
        if (options.FusedMultiplyAdd && ContractedStateForm<TSystem, T, TState>.Registered is { } contracted)
        {
            return contracted.SolveInto<TTableau>(system, y0, saveAt, states, options);
        }

        return StateLaneIntegrator.Solve<T, TTableau, TState, TSystem>(ref system, y0, saveAt, options, states);
    }
}
