using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// A differentiable right-hand side that computes vector-Jacobian products for many lanes per call, in the
/// component-major layout of <see cref="IBatchedOdeSystem{T}.EvaluateBatch"/>.
/// </summary>
/// <typeparam name="T">The floating-point type of the state and the parameters.</typeparam>
/// <remarks>Thread safety: an implementation shared by solves running at the same time must allow concurrent calls
/// (keep no scratch or other mutable state in the instance); a solve calls it from its own thread only, and it may
/// itself call Ode (nested solves get buffers of their own).</remarks>
public interface IBatchedDifferentiableSystem<T> : IDifferentiableSystem<T>, IBatchedOdeSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Effectively computes, for every lane <c>i</c> in [0, <paramref name="count"/>),
    /// <c>dy[· * stride + i] += aᵢᵀ ∂f/∂y (tᵢ, yᵢ)</c>, and once for the whole batch
    /// <c>dtheta += Σᵢ aᵢᵀ ∂f/∂θ (tᵢ, yᵢ)</c>. Parameter gradients are summed over lanes (callers fold per-lane
    /// weights into <paramref name="a"/>); the order of that sum is unspecified, so it matches the sum of per-lane
    /// <see cref="IDifferentiableSystem{T}.Vjp"/> calls to rounding, not bitwise.
    /// </summary>
    /// <param name="t">The time of each lane (length ≥ <paramref name="count"/>).</param>
    /// <param name="y">The states, component-major: component <c>c</c> of lane <c>i</c> at <c>c * stride + i</c>.</param>
    /// <param name="a">The cotangents, in the layout of <paramref name="y"/>.</param>
    /// <param name="dy">Receives the state cotangents, added, in the layout of <paramref name="y"/>; empty to skip them.</param>
    /// <param name="dtheta">Receives the parameter gradient summed over lanes, added (length <see cref="IDifferentiableSystem{T}.ParameterCount"/>); empty to skip it.</param>
    /// <param name="count">The number of lanes.</param>
    /// <param name="stride">The distance between consecutive components of one lane (≥ <paramref name="count"/>).</param>
    void VjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta, int count, int stride);

    /// <summary>
    /// Effectively <see cref="IBatchedOdeSystem{T}.EvaluateBatch"/> into <paramref name="dydt"/> and then
    /// <see cref="VjpBatch"/> at the same points, in one pass where the implementation can share the forward
    /// computation (generated networks do: the continuous adjoint needs both at every backward stage).
    /// </summary>
    /// <param name="t">The time of each lane.</param>
    /// <param name="y">The states, component-major.</param>
    /// <param name="a">The cotangents, in the layout of <paramref name="y"/>.</param>
    /// <param name="dydt">Receives f(t, y) (overwritten).</param>
    /// <param name="dy">Receives aᵀ∂f/∂y (added to); empty to skip.</param>
    /// <param name="dtheta">Receives Σ over lanes of aᵀ∂f/∂θ (added to); empty to skip.</param>
    /// <param name="count">The number of lanes.</param>
    /// <param name="stride">The distance between consecutive components of one lane.</param>
    void EvaluateAndVjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dydt, Span<T> dy, Span<T> dtheta, int count, int stride)
    {
        EvaluateBatch(t, y, dydt, count, stride);
        VjpBatch(t, y, a, dy, dtheta, count, stride);
    }
}
