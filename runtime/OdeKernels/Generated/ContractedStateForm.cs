using System;
using System.ComponentModel;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Generated;

/// <summary>
/// The contracted state form of a <see cref="SmallOdeSystemAttribute"/> struct, as the runtime reaches it from an
/// explicit state solve (<c>Ode.Solve</c>/<c>Ode.SolveInto</c> with a <typeparamref name="TState"/> value) under
/// <see cref="SolverOptions.FusedMultiplyAdd"/>: that entry knows the system only as an
/// <see cref="ISmallOdeSystem{T, TState}"/>, so the generated code registers one sealed subclass per struct (a module
/// initializer), whose <see cref="SolveInto{TTableau}"/> solves the struct's
/// <see cref="IContractedSmallOdeSystem{T, TState}.EvaluateContracted"/>. Every solve of a marked struct with the flag
/// then contracts its right-hand side, whichever entry it came through. Infrastructure for generated code; not for
/// direct use.
/// </summary>
/// <typeparam name="TSystem">The marked struct.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <typeparam name="TState">The struct's state type.</typeparam>
/// <remarks>Thread safety: registration happens once, in the module initializer; <see cref="SolveInto{TTableau}"/> is
/// as re-entrant as the state solve.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ContractedStateForm<TSystem, T, TState>
    where TSystem : ISmallOdeSystem<T, TState>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TState : unmanaged, IStateVector<TState, T>
{
    /// <summary>The registered form of <typeparamref name="TSystem"/>, or null when it has none.</summary>
    internal static ContractedStateForm<TSystem, T, TState>? Registered { get; private set; }

    /// <summary>Registers <paramref name="form"/> as the contracted form of <typeparamref name="TSystem"/> (the generated module initializer calls it).</summary>
    /// <param name="form">The generated form.</param>
    /// <exception cref="ArgumentNullException"><paramref name="form"/> is null.</exception>
    public static void Register(ContractedStateForm<TSystem, T, TState> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        Registered = form;
    }

    /// <summary>
    /// Solves one trajectory of <paramref name="system"/>'s contracted form from <paramref name="y0"/> and writes the
    /// states at <paramref name="saveAt"/> into <paramref name="states"/>, for a state solve that validated its inputs.
    /// </summary>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <param name="system">The system.</param>
    /// <param name="y0">The initial state.</param>
    /// <param name="saveAt">The save times.</param>
    /// <param name="states">Receives saves × <c>TState.Size</c> values.</param>
    /// <param name="options">The solver options.</param>
    /// <returns>The work done.</returns>
    public abstract SolverStats SolveInto<TTableau>(TSystem system, TState y0, ReadOnlySpan<T> saveAt, Span<T> states, SolverOptions options)
        where TTableau : struct, IRungeKuttaTableau;

    /// <summary>
    /// The state solve of <paramref name="system"/>'s contracted right-hand side, for the generated
    /// <see cref="SolveInto{TTableau}"/>, which names the struct (<typeparamref name="TSmall"/>, the same type as
    /// <typeparamref name="TSystem"/>). Checks what a call from elsewhere could get wrong (the lengths, the tableau's
    /// state step, the backend), in O(1).
    /// </summary>
    /// <typeparam name="TSmall">The struct, seen with its contracted form.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <param name="system">The system.</param>
    /// <param name="y0">The initial state.</param>
    /// <param name="saveAt">The save times, validated by the state solve.</param>
    /// <param name="states">Receives saves × <c>TState.Size</c> values.</param>
    /// <param name="options">The solver options, validated by the state solve.</param>
    /// <returns>The work done.</returns>
    /// <exception cref="ArgumentException"><paramref name="states"/> has the wrong length, or there are no save times.</exception>
    /// <exception cref="NotSupportedException">The tableau has no state step, or the backend is CUDA.</exception>
    protected static SolverStats SolveContracted<TSmall, TTableau>(ref TSmall system, TState y0, ReadOnlySpan<T> saveAt, Span<T> states, SolverOptions options)
        where TSmall : IContractedSmallOdeSystem<T, TState>
        where TTableau : struct, IRungeKuttaTableau
    {
        StateFormArguments.Check<TTableau>(TState.Size, TState.Size, states.Length, saveAt.Length, options);
        return StateLaneIntegrator.SolveContracted<T, TTableau, TState, TSmall>(ref system, y0, saveAt, options, states);
    }
}
