using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels;

// Array overloads of the span entry points. Before C# 14 an array argument does not take part in inferring T of a
// ReadOnlySpan<T> parameter, so Ode.Solve(system, tableau, y0, saveAt) with double[] y0 and saveAt fails with CS0411
// under net9.0's default C# 13. These overloads take arrays and forward. Their lower overload-resolution priority
// (honoured since C# 13) makes them a fallback: whenever the span overload applies (C# 14 with arrays, or any version
// once T is inferred from another argument, a span or a collection expression) it is chosen, so a call that mixes
// arrays and collection expressions is not ambiguous and binds where it always did.
public static partial class Ode
{
    /// <summary>
    /// Solves dy/dt = f(t, y) as <see cref="Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?)"/>,
    /// for arrays (so that T is inferred from them with any C# version).
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
    /// <exception cref="ArgumentNullException"><paramref name="system"/>, <paramref name="y0"/> or <paramref name="saveAt"/> is null.</exception>
    /// <exception cref="ArgumentException">An input is malformed; the message names it and its value.</exception>
    /// <exception cref="OdeSolveException">A lane's step size underflowed, its state became non-finite, or it exceeded <see cref="SolverOptions.MaxSteps"/>.</exception>
    [OverloadResolutionPriority(-1)]
    public static Solution<T> Solve<TSystem, TTableau, T>(TSystem system, TTableau tableau, T[] y0, T[] saveAt, SolverOptions? options = null)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(y0);
        ArgumentNullException.ThrowIfNull(saveAt);
        return Solve(system, tableau, new ReadOnlySpan<T>(y0), new ReadOnlySpan<T>(saveAt), options);
    }

    /// <summary>
    /// Solves into a caller's buffer as
    /// <see cref="SolveInto{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, SolverOptions?)"/>,
    /// for arrays (so that T is inferred from them with any C# version).
    /// </summary>
    /// <typeparam name="TSystem">The right-hand side; a struct is inlined into the generated step.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method (a struct marked <see cref="ButcherTableauAttribute"/>).</typeparam>
    /// <typeparam name="T">The floating-point type (<see cref="float"/> or <see cref="double"/>).</typeparam>
    /// <param name="system">The right-hand side f.</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, <c>lanes × StateSize</c> values, lane after lane.</param>
    /// <param name="saveAt">Strictly increasing times; the solve starts at the first.</param>
    /// <param name="states">Receives the states, save-major: <c>saves × lanes × StateSize</c> values.</param>
    /// <param name="options">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <returns>The work done, totalled over lanes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="y0"/>, <paramref name="saveAt"/> or <paramref name="states"/> is null.</exception>
    /// <exception cref="ArgumentException">An input is malformed, or <paramref name="states"/> has the wrong length or overlaps <paramref name="y0"/>.</exception>
    /// <exception cref="OdeSolveException">A lane's step size underflowed, its state became non-finite, or it exceeded <see cref="SolverOptions.MaxSteps"/>.</exception>
    [OverloadResolutionPriority(-1)]
    public static SolverStats SolveInto<TSystem, TTableau, T>(TSystem system, TTableau tableau, T[] y0, T[] saveAt, T[] states, SolverOptions? options = null)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(y0);
        ArgumentNullException.ThrowIfNull(saveAt);
        ArgumentNullException.ThrowIfNull(states);
        return SolveInto(system, tableau, new ReadOnlySpan<T>(y0), new ReadOnlySpan<T>(saveAt), new Span<T>(states), options);
    }

    /// <summary>
    /// The gradient of a loss given dL/dy at every saved state, as
    /// <see cref="Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/>,
    /// for arrays (so that T is inferred from them with any C# version).
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
    /// <exception cref="ArgumentNullException"><paramref name="system"/>, <paramref name="y0"/>, <paramref name="saveAt"/> or <paramref name="dLdY"/> is null.</exception>
    /// <exception cref="ArgumentException">An input is malformed; the message names it and its value.</exception>
    /// <exception cref="OdeSolveException">A lane failed in the forward or the backward pass.</exception>
    [OverloadResolutionPriority(-1)]
    public static Gradient<T> Gradient<TSystem, TTableau, T>(
        TSystem system, TTableau tableau, T[] y0, T[] saveAt, T[] dLdY,
        SolverOptions? options = null, AdjointMethod method = AdjointMethod.Backsolve, int checkpoints = 0)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(y0);
        ArgumentNullException.ThrowIfNull(saveAt);
        ArgumentNullException.ThrowIfNull(dLdY);
        return Gradient(system, tableau, new ReadOnlySpan<T>(y0), new ReadOnlySpan<T>(saveAt), new ReadOnlySpan<T>(dLdY), options, method, checkpoints);
    }

    /// <summary>
    /// The gradient of the loss a function computes from the forward solution, as
    /// <see cref="Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, LossFunction{T}, SolverOptions?, AdjointMethod, int)"/>,
    /// for arrays (so that T is inferred from them with any C# version).
    /// </summary>
    /// <typeparam name="TSystem">The differentiable right-hand side.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="system">The right-hand side f(t, y; θ).</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, lanes × StateSize values.</param>
    /// <param name="saveAt">Strictly increasing save times, at least two.</param>
    /// <param name="loss">Computes L and dL/dy from the forward solution.</param>
    /// <param name="options">Tolerances, step control and backend.</param>
    /// <param name="method">How to differentiate through the solve.</param>
    /// <param name="checkpoints">For <see cref="AdjointMethod.Checkpointed"/>: the most states stored per lane; 0 keeps about 2√N.</param>
    /// <returns>dL/dθ, dL/dy₀, the forward solution and L.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="system"/>, <paramref name="y0"/>, <paramref name="saveAt"/> or <paramref name="loss"/> is null.</exception>
    /// <exception cref="ArgumentException">An input is malformed, or the loss function wrote a non-finite dL/dy.</exception>
    /// <exception cref="OdeSolveException">A lane failed in the forward or the backward pass.</exception>
    [OverloadResolutionPriority(-1)]
    public static Gradient<T> Gradient<TSystem, TTableau, T>(
        TSystem system, TTableau tableau, T[] y0, T[] saveAt, LossFunction<T> loss,
        SolverOptions? options = null, AdjointMethod method = AdjointMethod.Backsolve, int checkpoints = 0)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(y0);
        ArgumentNullException.ThrowIfNull(saveAt);
        return Gradient(system, tableau, new ReadOnlySpan<T>(y0), new ReadOnlySpan<T>(saveAt), loss, options, method, checkpoints);
    }
}
