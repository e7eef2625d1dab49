using System;
using System.Buffers;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// The hidden state of an ODE-RNN encoder carried backwards in time over a gap as a forward solve (the solver's save
/// times increase): with s the time elapsed since the later observation, h(t − s) solves dh/ds = −f(s, h), so a solve
/// over s ∈ [0, Δ] takes h from an observation to the one Δ earlier (Rubanova et al., 2019, §3.3, whose encoder
/// integrates the same f from t_{i+1} down to t_i). Parameters are the dynamics' own (a view, not a copy).
/// </summary>
/// <typeparam name="TDynamics">The hidden state's dynamics f.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>Thread safety: concurrent calls are allowed as the dynamics allow them (the negated cotangent lives on the
/// caller's stack or in a rented array).</remarks>
internal sealed class BackwardInTime<TDynamics, T> : IDifferentiableSystem<T>
    where TDynamics : IDifferentiableSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Hidden states up to this size negate the cotangent on the stack; larger ones rent.
    private const int StackLimit = 128;

    private readonly TDynamics _dynamics;

    public BackwardInTime(TDynamics dynamics) => _dynamics = dynamics;

    public int StateSize => _dynamics.StateSize;

    public int ParameterCount => _dynamics.ParameterCount;

    public Span<T> Parameters => _dynamics.Parameters;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        _dynamics.Evaluate(t, y, dydt);
        for (int c = 0; c < dydt.Length; c++)
        {
            dydt[c] = -dydt[c];
        }
    }

    // The product with −f's Jacobian is f's product with −a (Vjp accumulates, so the outputs cannot be negated after).
    public void Vjp(T t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta)
    {
        T[]? rented = a.Length > StackLimit ? ArrayPool<T>.Shared.Rent(a.Length) : null;
        Span<T> negated = rented is null ? stackalloc T[StackLimit] : rented;
        negated = negated[..a.Length];
        for (int c = 0; c < a.Length; c++)
        {
            negated[c] = -a[c];
        }

        _dynamics.Vjp(t, y, negated, dy, dtheta);
        if (rented is not null)
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }
}
