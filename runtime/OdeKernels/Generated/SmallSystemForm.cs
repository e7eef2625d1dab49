using System;
using System.ComponentModel;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Generated;

/// <summary>
/// The by-value form of a <see cref="SmallOdeSystemAttribute"/> struct, as the runtime reaches it from a span solve:
/// the generated code derives one sealed class per struct, whose <see cref="SolveInto{TTableau}"/> calls the
/// <see cref="ISmallOdeSystem{T, TState}"/> solve, and registers an instance when its assembly loads (a module
/// initializer). A solve of one trajectory of <typeparamref name="TSystem"/>, or of fewer than fill a hardware vector,
/// then finds it in <see cref="Registered"/> and solves each trajectory through it: a static field of the system's
/// type, not an interface on the system, so a struct is never boxed. Infrastructure for generated code; not for
/// direct use.
/// </summary>
/// <typeparam name="TSystem">The span system.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: registration happens once, in the module initializer, before any code of the system's
/// assembly runs; <see cref="SolveInto{TTableau}"/> is as re-entrant as the state solve. A solve reached before that
/// (only from another assembly that has run no code of the system's) takes the span path: the same bits, slower.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class SmallSystemForm<TSystem, T>
    where TSystem : IOdeSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The registered form of <typeparamref name="TSystem"/>, or null when it has none.</summary>
    internal static SmallSystemForm<TSystem, T>? Registered { get; private set; }

    /// <summary>Registers <paramref name="form"/> as the form of <typeparamref name="TSystem"/> (the generated module initializer calls it).</summary>
    /// <param name="form">The generated form.</param>
    /// <exception cref="ArgumentNullException"><paramref name="form"/> is null.</exception>
    public static void Register(SmallSystemForm<TSystem, T> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        Registered = form;
    }

    /// <summary>
    /// Solves one trajectory of <paramref name="system"/> from <paramref name="y0"/> through its state form and
    /// writes the states at <paramref name="saveAt"/> into <paramref name="states"/> (save after save).
    /// </summary>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <param name="system">The system.</param>
    /// <param name="y0">The initial state (StateSize values).</param>
    /// <param name="saveAt">The save times.</param>
    /// <param name="states">Receives saves × StateSize values.</param>
    /// <param name="options">The solver options.</param>
    /// <param name="lane">The trajectory's number in the caller's batch, which failures name.</param>
    /// <returns>The work done.</returns>
    public abstract SolverStats SolveInto<TTableau>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, Span<T> states, SolverOptions options, int lane)
        where TTableau : struct, IRungeKuttaTableau;

    /// <summary>
    /// The state solve of <paramref name="system"/>'s state form, for the generated <see cref="SolveInto{TTableau}"/>:
    /// the span solve that calls it has validated the inputs already, so only what a call from elsewhere could get
    /// wrong is checked again (the lengths, the tableau's state step, the backend), in O(1). Under
    /// <see cref="SolverOptions.FusedMultiplyAdd"/> it solves the contracted right-hand side
    /// (<see cref="IContractedSmallOdeSystem{T, TState}.EvaluateContracted"/>), as the stage combinations are fused.
    /// </summary>
    /// <typeparam name="TState">The state type of the form.</typeparam>
    /// <typeparam name="TSmall">The system as its state forms, exact and contracted (the same struct).</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <param name="system">The system.</param>
    /// <param name="y0">The initial state (<c>TState.Size</c> values).</param>
    /// <param name="saveAt">The save times, validated by the span solve.</param>
    /// <param name="states">Receives saves × <c>TState.Size</c> values.</param>
    /// <param name="options">The solver options, validated by the span solve.</param>
    /// <param name="lane">The trajectory's number in the caller's batch, which failures name.</param>
    /// <returns>The work done.</returns>
    /// <exception cref="ArgumentException"><paramref name="y0"/> or <paramref name="states"/> has the wrong length.</exception>
    /// <exception cref="NotSupportedException">The tableau has no state step, or the backend is CUDA.</exception>
    protected static SolverStats SolveState<TState, TSmall, TTableau>(ref TSmall system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, Span<T> states, SolverOptions options, int lane)
        where TState : unmanaged, IStateVector<TState, T>
        where TSmall : ISmallOdeSystem<T, TState>, IContractedSmallOdeSystem<T, TState>
        where TTableau : struct, IRungeKuttaTableau
    {
        StateFormArguments.Check<TTableau>(TState.Size, y0.Length, states.Length, saveAt.Length, options);
        return options.FusedMultiplyAdd
            ? StateLaneIntegrator.SolveContracted<T, TTableau, TState, TSmall>(ref system, TState.Load(y0), saveAt, options, states, lane)
            : StateLaneIntegrator.Solve<T, TTableau, TState, TSmall>(ref system, TState.Load(y0), saveAt, options, states, lane);
    }
}
