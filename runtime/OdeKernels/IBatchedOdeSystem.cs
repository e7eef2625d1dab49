using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// A right-hand side that evaluates many trajectories (lanes) in one call, laid out structure-of-arrays so that the
/// implementation can vectorise across lanes. Generated dynamics implement it; the solver falls back to
/// <see cref="IOdeSystem{T}.Evaluate"/> lane by lane for systems that do not.
/// </summary>
/// <typeparam name="T">The floating-point type of the state.</typeparam>
/// <remarks>Thread safety: an implementation shared by solves running at the same time must allow concurrent calls
/// (keep no scratch or other mutable state in the instance); a solve calls it from its own thread only, and it may
/// itself call Ode (nested solves get buffers of their own).</remarks>
public interface IBatchedOdeSystem<T> : IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Effectively computes, for every lane <c>i</c> in [0, <paramref name="count"/>) and component <c>c</c>,
    /// <c>dydt[c * stride + i] = f(t[i], y[· * stride + i])[c]</c>.
    /// </summary>
    /// <param name="t">The time of each lane (length ≥ <paramref name="count"/>).</param>
    /// <param name="y">The states, component-major: component <c>c</c> of lane <c>i</c> at <c>c * stride + i</c>.</param>
    /// <param name="dydt">The derivatives, in the layout of <paramref name="y"/>.</param>
    /// <param name="count">The number of lanes to evaluate.</param>
    /// <param name="stride">The distance between consecutive components of one lane (≥ <paramref name="count"/>).</param>
    void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride);
}
