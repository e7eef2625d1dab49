using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>Forwards to a batched differentiable system held by reference, as the struct the generated steps take.</summary>
internal readonly struct DifferentiableAdapter<T> : IBatchedDifferentiableSystem<T>, IBlockSystem<DifferentiableAdapter<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBatchedDifferentiableSystem<T> _system;

    public DifferentiableAdapter(IBatchedDifferentiableSystem<T> system) => _system = system;

    public DifferentiableAdapter<T> ForBlock() => this;

    public int StateSize => _system.StateSize;

    public int ParameterCount => _system.ParameterCount;

    public Span<T> Parameters => _system.Parameters;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt) => _system.Evaluate(t, y, dydt);

    public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride) =>
        _system.EvaluateBatch(t, y, dydt, count, stride);

    public void Vjp(T t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta) => _system.Vjp(t, y, a, dy, dtheta);

    public void VjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta, int count, int stride) =>
        _system.VjpBatch(t, y, a, dy, dtheta, count, stride);

    public void EvaluateAndVjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dydt, Span<T> dy, Span<T> dtheta, int count, int stride) =>
        _system.EvaluateAndVjpBatch(t, y, a, dydt, dy, dtheta, count, stride);
}
