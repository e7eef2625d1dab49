using System.Numerics;

namespace OdeKernels;

/// <summary>
/// The right-hand side f of dy/dt = f(t, y) of one small trajectory, taking and returning the state by value (a
/// <see cref="IStateVector{TSelf, T}"/> struct such as <see cref="State2{T}"/>). Solved by the
/// <c>Ode.Solve</c>/<c>Ode.SolveInto</c> overloads that take an initial <typeparamref name="TState"/>: the generated
/// step (<see cref="IRungeKuttaTableau.StepState"/>) keeps the stages in local variables and inlines a struct
/// system's <see cref="Evaluate"/>, which is the lean path for a system of a few components solved one trajectory at
/// a time.
/// </summary>
/// <typeparam name="T">The floating-point type (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <typeparam name="TState">The state type.</typeparam>
/// <remarks>Thread safety: as <see cref="IOdeSystem{T}"/>: an instance shared by concurrent solves must allow
/// concurrent calls.</remarks>
public interface ISmallOdeSystem<T, TState>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TState : struct, IStateVector<TState, T>
{
    /// <summary>f(<paramref name="t"/>, <paramref name="y"/>).</summary>
    /// <param name="t">The time.</param>
    /// <param name="y">The state.</param>
    /// <returns>The derivative.</returns>
    TState Evaluate(T t, TState y);
}
