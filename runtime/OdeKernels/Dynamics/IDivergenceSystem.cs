using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// A batched differentiable right-hand side that also computes Jacobian–vector products J·v (forward mode, several
/// tangent directions per lane in one pass over the layers), the exact divergence tr(∂f/∂y), and the vector–Jacobian
/// products of both with respect to the state and the parameters. Continuous normalizing flows need the divergence
/// (d log p/dt = −tr ∂f/∂y; Chen et al. 2018 §4), FFJORD's Hutchinson estimator εᵀJε and the Jacobian Frobenius
/// regulariser ‖J‖²_F = Σₖ ‖J eₖ‖² (Finlay et al. 2020) are built from the tangents. A <c>[Dynamics]</c> class
/// implements it when its attribute opts in (<c>[Dynamics(StateSize = n, Divergence = true)]</c>, n ≤ 64), with
/// SIMD kernels on the CPU; the CUDA backend does not provide these members.
/// </summary>
/// <typeparam name="T">The floating-point type of the state and the parameters.</typeparam>
/// <remarks>Thread safety: as <see cref="IBatchedDifferentiableSystem{T}"/>: concurrent calls must be allowed; an
/// implementation keeps no mutable state in the instance.</remarks>
public interface IDivergenceSystem<T> : IBatchedDifferentiableSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Computes f(tᵢ, yᵢ) into <paramref name="dydt"/> (overwritten) and the exact divergence
    /// tr ∂f/∂y (tᵢ, yᵢ) into <paramref name="divergence"/>[i] (overwritten), for every lane i in [0, count).
    /// </summary>
    /// <param name="t">The time of each lane.</param>
    /// <param name="y">The states, component-major: component <c>c</c> of lane <c>i</c> at <c>c * stride + i</c>.</param>
    /// <param name="dydt">Receives f, in the layout of <paramref name="y"/>.</param>
    /// <param name="divergence">Receives one divergence per lane (length ≥ count).</param>
    /// <param name="count">The number of lanes.</param>
    /// <param name="stride">The distance between consecutive components of one lane.</param>
    void EvaluateWithDivergenceBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, Span<T> divergence, int count, int stride);

    /// <summary>
    /// The vector–Jacobian product of (f, tr ∂f/∂y): for every lane, <c>dy += aᵢᵀ ∂f/∂y + bᵢ ∂(tr ∂f/∂y)/∂y</c>,
    /// and once for the batch <c>dtheta += Σᵢ aᵢᵀ ∂f/∂θ + bᵢ ∂(tr ∂f/∂y)/∂θ</c>.
    /// </summary>
    /// <param name="t">The time of each lane.</param>
    /// <param name="y">The states, component-major.</param>
    /// <param name="a">The cotangents of f, in the layout of <paramref name="y"/>.</param>
    /// <param name="b">The cotangent of each lane's divergence (length ≥ count).</param>
    /// <param name="dy">Receives the state cotangents, added; empty to skip.</param>
    /// <param name="dtheta">Receives the parameter gradient summed over lanes, added; empty to skip.</param>
    /// <param name="count">The number of lanes.</param>
    /// <param name="stride">The distance between consecutive components of one lane.</param>
    void DivergenceVjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dy, Span<T> dtheta, int count, int stride);

    /// <summary>
    /// Effectively <see cref="EvaluateWithDivergenceBatch"/> into <paramref name="dydt"/> and
    /// <paramref name="divergence"/>, then <see cref="DivergenceVjpBatch"/> at the same points, in one pass where the
    /// implementation can share the forward and tangent computation (generated networks do: the continuous adjoint of
    /// a flow needs f, its divergence and their vector–Jacobian product at every backward stage).
    /// </summary>
    /// <param name="t">The time of each lane.</param>
    /// <param name="y">The states, component-major.</param>
    /// <param name="a">The cotangents of f, in the layout of <paramref name="y"/>.</param>
    /// <param name="b">The cotangent of each lane's divergence (length ≥ count).</param>
    /// <param name="dydt">Receives f (overwritten).</param>
    /// <param name="divergence">Receives one divergence per lane (overwritten; length ≥ count).</param>
    /// <param name="dy">Receives the state cotangents, added; empty to skip.</param>
    /// <param name="dtheta">Receives the parameter gradient summed over lanes, added; empty to skip.</param>
    /// <param name="count">The number of lanes.</param>
    /// <param name="stride">The distance between consecutive components of one lane.</param>
    void EvaluateWithDivergenceAndVjpBatch(
        ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dydt, Span<T> divergence, Span<T> dy, Span<T> dtheta, int count, int stride)
    {
        EvaluateWithDivergenceBatch(t, y, dydt, divergence, count, stride);
        DivergenceVjpBatch(t, y, a, b, dy, dtheta, count, stride);
    }

    /// <summary>
    /// Computes f into <paramref name="dydt"/> and, for each of <paramref name="tangents"/> directions vₖ, the
    /// Jacobian–vector product J vₖ into <paramref name="jv"/> (both overwritten), in one forward-mode pass.
    /// Direction k, component c, lane i is at <c>(k * StateSize + c) * stride + i</c> in <paramref name="v"/> and
    /// <paramref name="jv"/>.
    /// </summary>
    /// <param name="t">The time of each lane.</param>
    /// <param name="y">The states, component-major.</param>
    /// <param name="v">The tangent directions.</param>
    /// <param name="dydt">Receives f.</param>
    /// <param name="jv">Receives J vₖ for every direction.</param>
    /// <param name="tangents">The number of directions (≥ 1).</param>
    /// <param name="count">The number of lanes.</param>
    /// <param name="stride">The distance between consecutive rows of one lane.</param>
    void EvaluateWithJvpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> v, Span<T> dydt, Span<T> jv, int tangents, int count, int stride);

    /// <summary>
    /// The vector–Jacobian product of (f, J v₀, …, J v_{m−1}) with respect to y and θ, the directions held fixed:
    /// <c>dy += aᵀ ∂f/∂y + Σₖ wₖᵀ ∂(J vₖ)/∂y</c> per lane and <c>dtheta += Σ over lanes of the same with ∂θ</c>.
    /// </summary>
    /// <param name="t">The time of each lane.</param>
    /// <param name="y">The states, component-major.</param>
    /// <param name="v">The tangent directions, laid out as in <see cref="EvaluateWithJvpBatch"/>.</param>
    /// <param name="a">The cotangents of f.</param>
    /// <param name="w">The cotangents of every J vₖ, laid out as <paramref name="v"/>.</param>
    /// <param name="dy">Receives the state cotangents, added; empty to skip.</param>
    /// <param name="dtheta">Receives the parameter gradient summed over lanes, added; empty to skip.</param>
    /// <param name="tangents">The number of directions (≥ 1).</param>
    /// <param name="count">The number of lanes.</param>
    /// <param name="stride">The distance between consecutive rows of one lane.</param>
    void JvpVjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> v, ReadOnlySpan<T> a, ReadOnlySpan<T> w, Span<T> dy, Span<T> dtheta, int tangents, int count, int stride);
}
