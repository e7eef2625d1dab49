using System;
using System.Buffers;
using System.Numerics;
using OdeKernels.Flows;

namespace OdeKernels;

/// <summary>
/// The hidden state of an ODE-RNN encoder carried backwards in time over a gap as a forward solve (the solver's save
/// times increase): with s the time elapsed since the later observation, h(t − s) solves dh/ds = −f(s, h), so a solve
/// over s ∈ [0, Δ] takes h from an observation to the one Δ earlier (Rubanova et al., 2019, §3.3, whose encoder
/// integrates the same f from t_{i+1} down to t_i). Parameters are the dynamics' own (a view, not a copy).
/// <see cref="For"/> returns the batched form when the dynamics are batched (generated ones are), so the solver runs
/// the lanes through the dynamics' vectorised kernels instead of one lane at a time.
/// </summary>
/// <typeparam name="TDynamics">The hidden state's dynamics f.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>Thread safety: concurrent calls are allowed as the dynamics allow them (the negated cotangent lives on the
/// caller's stack or in a rented array).</remarks>
internal class BackwardInTime<TDynamics, T> : IDifferentiableSystem<T>, ILaneBlockSize
    where TDynamics : IDifferentiableSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Cotangents up to this size are negated on the stack; larger ones rent.
    private const int StackLimit = 128;

    private readonly TDynamics _dynamics;

    protected BackwardInTime(TDynamics dynamics) => _dynamics = dynamics;

    /// <summary>
    /// The wrapped dynamics' lanes per block (<see cref="ILaneBlockSize"/>; 256 when they state none): a wrapper is cut
    /// into the same blocks, so it runs on as many threads and sums its parameter gradient in the same blocks.
    /// </summary>
    public int LanesPerBlock => OdeKernels.Solving.LaneBlocks.Size(_dynamics);

    public int StateSize => _dynamics.StateSize;

    public int ParameterCount => _dynamics.ParameterCount;

    public Span<T> Parameters => _dynamics.Parameters;

    /// <summary>−f over <paramref name="dynamics"/>, batched when they are.</summary>
    public static BackwardInTime<TDynamics, T> For(TDynamics dynamics) =>
        dynamics is IBatchedDifferentiableSystem<T> batched ? new Batched(dynamics, batched) : new BackwardInTime<TDynamics, T>(dynamics);

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        _dynamics.Evaluate(t, y, dydt);
        AugmentedKernels<T>.Negate(dydt[..StateSize]);
    }

    public void Vjp(T t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta)
    {
        T[]? rented = null;
        Span<T> negated = Negated(a, 1, a.Length, a.Length, stackalloc T[Math.Min(a.Length, StackLimit)], ref rented);
        _dynamics.Vjp(t, y, negated, dy, dtheta);
        Return(rented);
    }

    // The product with −f's Jacobian is f's product with −a (Vjp accumulates, so the outputs cannot be negated after).
    // a is laid out component-major, component c of lane i at c · stride + i; only lanes below count are read.
    protected static Span<T> Negated(ReadOnlySpan<T> a, int components, int count, int stride, Span<T> stack, ref T[]? rented)
    {
        int length = ((components - 1) * stride) + count;
        Span<T> negated = length <= stack.Length ? stack[..length] : (rented = ArrayPool<T>.Shared.Rent(length)).AsSpan(0, length);
        for (int c = 0; c < components; c++)
        {
            Span<T> into = negated.Slice(c * stride, count);
            a.Slice(c * stride, count).CopyTo(into);
            AugmentedKernels<T>.Negate(into);
        }

        return negated;
    }

    protected static void Return(T[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>−f over batched dynamics: every lane of a block per call, component c of lane i at c · stride + i.</summary>
    private sealed class Batched : BackwardInTime<TDynamics, T>, IBatchedDifferentiableSystem<T>
    {
        private readonly IBatchedDifferentiableSystem<T> _batched;

        public Batched(TDynamics dynamics, IBatchedDifferentiableSystem<T> batched)
            : base(dynamics) => _batched = batched;

        public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride)
        {
            _batched.EvaluateBatch(t, y, dydt, count, stride);
            for (int c = 0; c < StateSize; c++)
            {
                AugmentedKernels<T>.Negate(dydt.Slice(c * stride, count));
            }
        }

        public void VjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta, int count, int stride)
        {
            T[]? rented = null;
            Span<T> negated = Negated(a, StateSize, count, stride, stackalloc T[StackLimit], ref rented);
            _batched.VjpBatch(t, y, negated, dy, dtheta, count, stride);
            Return(rented);
        }
    }
}
