using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>
/// Presents a one-lane <see cref="IOdeSystem{T}"/> as a batched system by gathering each lane's components into a
/// small contiguous buffer, so hand-written right-hand sides work with the lane-vectorised steps unchanged.
/// </summary>
internal struct ScalarSystemAdapter<TSystem, T> : IBatchedOdeSystem<T>
    where TSystem : IOdeSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private TSystem _system;
    private readonly T[] _y;
    private readonly T[] _dydt;

    public ScalarSystemAdapter(TSystem system, int stateSize)
    {
        _system = system;
        _y = new T[stateSize];
        _dydt = new T[stateSize];
    }

    public readonly int StateSize => _y.Length;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt) => _system.Evaluate(t, y, dydt);

    public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride)
    {
        int n = _y.Length;
        Span<T> yLane = _y, fLane = _dydt;
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < n; c++)
            {
                yLane[c] = y[(c * stride) + i];
            }

            _system.Evaluate(t[i], yLane, fLane);
            for (int c = 0; c < n; c++)
            {
                dydt[(c * stride) + i] = fLane[c];
            }
        }
    }
}

/// <summary>Forwards to a batched system held by reference (one interface call per stage, not per lane).</summary>
internal readonly struct BatchedSystemAdapter<T> : IBatchedOdeSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBatchedOdeSystem<T> _system;

    public BatchedSystemAdapter(IBatchedOdeSystem<T> system) => _system = system;

    public int StateSize => _system.StateSize;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt) => _system.Evaluate(t, y, dydt);

    public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride) =>
        _system.EvaluateBatch(t, y, dydt, count, stride);
}
