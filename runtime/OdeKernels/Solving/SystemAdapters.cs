using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>
/// Presents a one-lane <see cref="IOdeSystem{T}"/> as a batched system by gathering each lane's components into a
/// small contiguous buffer, so hand-written right-hand sides work with the lane-vectorised steps unchanged.
/// </summary>
internal struct ScalarSystemAdapter<TSystem, T> : IBatchedOdeSystem<T>, IBlockSystem<ScalarSystemAdapter<TSystem, T>>
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

    /// <summary>The same system with gathering buffers of its own (threads must not share them).</summary>
    public readonly ScalarSystemAdapter<TSystem, T> ForBlock() => new(_system, _y.Length);

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
internal readonly struct BatchedSystemAdapter<T> : IBatchedOdeSystem<T>, IBlockSystem<BatchedSystemAdapter<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBatchedOdeSystem<T> _system;

    public BatchedSystemAdapter(IBatchedOdeSystem<T> system) => _system = system;

    public BatchedSystemAdapter<T> ForBlock() => this;

    public int StateSize => _system.StateSize;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt) => _system.Evaluate(t, y, dydt);

    public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride) =>
        _system.EvaluateBatch(t, y, dydt, count, stride);
}

/// <summary>
/// Presents one lane of a hand-written <see cref="IDifferentiableSystem{T}"/> as the batched differentiable system the
/// generated steps take, so its discrete adjoint runs the generated reverse step. One lane at stride 1 is laid out
/// exactly as the system's own state, so every call passes straight through (no copies); other layouts are refused.
/// </summary>
internal struct LaneDifferentiableAdapter<TSystem, T> : IBatchedDifferentiableSystem<T>
    where TSystem : IDifferentiableSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private TSystem _system;

    public LaneDifferentiableAdapter(TSystem system) => _system = system;

    public readonly int StateSize => _system.StateSize;

    public readonly int ParameterCount => _system.ParameterCount;

    public readonly Span<T> Parameters => _system.Parameters;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt) => _system.Evaluate(t, y, dydt);

    public void Vjp(T t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta) => _system.Vjp(t, y, a, dy, dtheta);

    public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride)
    {
        int n = OneLane(count, stride);
        _system.Evaluate(t[0], y[..n], dydt[..n]);
    }

    public void VjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta, int count, int stride)
    {
        int n = OneLane(count, stride);
        _system.Vjp(t[0], y[..n], a[..n], dy[..n], dtheta);
    }

    private readonly int OneLane(int count, int stride) => count == 1 && stride == 1
        ? _system.StateSize
        : throw new NotSupportedException($"LaneDifferentiableAdapter presents one lane at stride 1, not {count} lanes at stride {stride}.");
}
