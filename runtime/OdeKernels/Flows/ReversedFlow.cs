using System;
using System.Buffers;
using System.Numerics;

namespace OdeKernels.Flows;

/// <summary>
/// The flow run backwards as a forward solve (the solver's save times increase): dz/ds = −f(t₁ − s, z), so a solve
/// over s ∈ [0, t₁ − t₀] carries base samples at t₁ to data space at t₀.
/// </summary>
/// <typeparam name="TDynamics">The dynamics.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
internal sealed class ReversedFlow<TDynamics, T> : IBatchedOdeSystem<T>, ILaneBlockSize
    where TDynamics : IBatchedOdeSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TDynamics _dynamics;
    private readonly T _end;

    public ReversedFlow(TDynamics dynamics, T end)
    {
        _dynamics = dynamics;
        _end = end;
    }

    public int StateSize => _dynamics.StateSize;

    /// <summary>
    /// The wrapped dynamics' lanes per block (<see cref="ILaneBlockSize"/>; 256 when they state none): a wrapper is cut
    /// into the same blocks, so it runs on as many threads and sums its parameter gradient in the same blocks.
    /// </summary>
    public int LanesPerBlock => OdeKernels.Solving.LaneBlocks.Size(_dynamics);

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        ReadOnlySpan<T> time = [t];
        EvaluateBatch(time, y, dydt, 1, 1);
    }

    public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride)
    {
        T[] times = ArrayPool<T>.Shared.Rent(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                times[i] = _end - t[i];
            }

            _dynamics.EvaluateBatch(times, y, dydt, count, stride);
            for (int c = 0; c < StateSize; c++)
            {
                AugmentedKernels<T>.Negate(dydt.Slice(c * stride, count));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(times);
        }
    }
}
