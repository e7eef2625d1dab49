using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;

namespace OdeKernels.Flows;

/// <summary>
/// The augmented right-hand side of a continuous normalizing flow or a regularised neural ODE over
/// <typeparamref name="TDynamics"/>: state [z, Δlog p, ∫‖f‖², ∫‖∂f/∂z‖²_F, ε] as laid out by <see cref="Layout"/>, with
/// dz/dt = f, dΔlog p/dt = −tr ∂f/∂z, d/dt ∫‖f‖² = ‖f‖², d/dt ∫‖∂f/∂z‖²_F = ‖∂f/∂z‖²_F and dε/dt = 0. It is an
/// ordinary <see cref="IBatchedDifferentiableSystem{T}"/>, so <see cref="Ode.Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?)"/>
/// and every adjoint of <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/>
/// take it as they take the dynamics; its parameters are the dynamics' own (shared, not copied).
/// </summary>
/// <typeparam name="TDynamics">The dynamics, with divergence and Jacobian–vector products (a generated <c>[Dynamics]</c> class that opts in, or a hand-written one).</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>
/// The probe of <see cref="TraceEstimator.Hutchinson"/> is held fixed: its cotangent is not computed (the
/// vector–Jacobian product adds nothing to the probe's components), so dL/dy₀ of those components is not a
/// derivative. The integrals count in the solver's error norm like any component (as in FFJORD, which hands
/// torchdiffeq the tuple); the constant probe components count with zero error.
/// <para>Thread safety: as the dynamics: concurrent calls are allowed when the dynamics allow them; scratch is rented
/// per call, nothing mutable is kept in the instance.</para>
/// </remarks>
public sealed class AugmentedSystem<TDynamics, T> : IBatchedDifferentiableSystem<T>, ILaneBlockSize
    where TDynamics : IDivergenceSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TDynamics _dynamics;

    /// <summary>Augments <paramref name="dynamics"/> with <paramref name="terms"/>.</summary>
    /// <param name="dynamics">The dynamics f(t, z; θ).</param>
    /// <param name="terms">The carried integrals and the estimator; null for <see cref="AugmentedTerms.ExactFlow"/>.</param>
    /// <exception cref="ArgumentException">The layout of <paramref name="terms"/> is invalid (see <see cref="AugmentedLayout"/>).</exception>
    public AugmentedSystem(TDynamics dynamics, AugmentedTerms? terms = null)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        _dynamics = dynamics;
        Layout = new AugmentedLayout(dynamics.StateSize, terms ?? AugmentedTerms.ExactFlow);
    }

    /// <summary>The layers of the dynamics, so checkpoints of the augmented system name its tensors as the dynamics' own.</summary>
    public static IReadOnlyList<DynamicsLayer> Layers => TDynamics.Layers;

    /// <summary>The dynamics.</summary>
    public TDynamics Dynamics => _dynamics;

    /// <summary>Where the components lie.</summary>
    public AugmentedLayout Layout { get; }

    /// <summary>The size of the augmented state.</summary>
    public int StateSize => Layout.Size;

    /// <summary>The dynamics' parameter count.</summary>
    public int ParameterCount => _dynamics.ParameterCount;

    /// <summary>The dynamics' parameters (the same memory).</summary>
    public Span<T> Parameters => _dynamics.Parameters;

    /// <summary>
    /// The wrapped dynamics' lanes per block (<see cref="ILaneBlockSize"/>; 256 when they state none): a wrapper is cut
    /// into the same blocks, so it runs on as many threads and sums its parameter gradient in the same blocks.
    /// </summary>
    public int LanesPerBlock => OdeKernels.Solving.LaneBlocks.Size(_dynamics);

    /// <inheritdoc/>
    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        ReadOnlySpan<T> time = [t];
        EvaluateBatch(time, y, dydt, 1, 1);
    }

    /// <inheritdoc/>
    public void Vjp(T t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta)
    {
        ReadOnlySpan<T> time = [t];
        VjpBatch(time, y, a, dy, dtheta, 1, 1);
    }

    /// <inheritdoc/>
    public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride)
    {
        AugmentedLayout layout = Layout;
        int d = layout.StateSize, m = layout.Tangents;
        if (m == 0)
        {
            if (layout.LogDensityIndex >= 0)
            {
                Span<T> logp = dydt.Slice(layout.LogDensityIndex * stride, count);
                _dynamics.EvaluateWithDivergenceBatch(t, y, dydt, logp, count, stride);
                AugmentedKernels<T>.Negate(logp);
            }
            else
            {
                _dynamics.EvaluateBatch(t, y, dydt, count, stride);
            }
        }
        else
        {
            T[] tangents = ArrayPool<T>.Shared.Rent(m * d * stride);
            T[] jv = ArrayPool<T>.Shared.Rent(m * d * stride);
            try
            {
                ReadOnlySpan<T> v = Directions(y, tangents, stride, count);
                _dynamics.EvaluateWithJvpBatch(t, y, v, dydt, jv, m, count, stride);
                Traces(v, jv, dydt, count, stride);
            }
            finally
            {
                ArrayPool<T>.Shared.Return(tangents);
                ArrayPool<T>.Shared.Return(jv);
            }
        }

        if (layout.KineticIndex >= 0)
        {
            AugmentedKernels<T>.SumOfSquares(dydt, d, dydt.Slice(layout.KineticIndex * stride, count), count, stride);
        }

        if (layout.ProbeIndex >= 0)
        {
            for (int c = 0; c < d; c++)
            {
                dydt.Slice((layout.ProbeIndex + c) * stride, count).Clear();
            }
        }
    }

    /// <inheritdoc/>
    public void VjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta, int count, int stride)
    {
        AugmentedLayout layout = Layout;
        int d = layout.StateSize, m = layout.Tangents;
        T[] f = ArrayPool<T>.Shared.Rent(d * stride);
        T[] af = ArrayPool<T>.Shared.Rent(d * stride);
        T[] tangents = ArrayPool<T>.Shared.Rent(Math.Max(1, m * d * stride));
        T[] jv = ArrayPool<T>.Shared.Rent(Math.Max(count, m * d * stride));
        T[] w = ArrayPool<T>.Shared.Rent(Math.Max(1, m * d * stride));
        try
        {
            ReadOnlySpan<T> v = m == 0 ? default : Directions(y, tangents, stride, count);
            if (m > 0)
            {
                _dynamics.EvaluateWithJvpBatch(t, y, v, f, jv, m, count, stride);
            }
            else if (layout.KineticIndex >= 0)
            {
                _dynamics.EvaluateBatch(t, y, f, count, stride);
            }

            // The cotangent of f: a_z, plus 2 a_K f from d/dt ∫‖f‖² = ‖f‖².
            AugmentedKernels<T>.CotangentOfF(a, f, layout.KineticIndex, af, d, count, stride);

            if (m == 0)
            {
                if (layout.LogDensityIndex >= 0)
                {
                    // dΔlog p/dt = −div, so the divergence's cotangent is −a_Δ.
                    Span<T> b = jv.AsSpan(0, count);
                    a.Slice(layout.LogDensityIndex * stride, count).CopyTo(b);
                    AugmentedKernels<T>.Negate(b);
                    _dynamics.DivergenceVjpBatch(t, y, af, b, dy, dtheta, count, stride);
                }
                else
                {
                    _dynamics.VjpBatch(t, y, af, dy, dtheta, count, stride);
                }

                return;
            }

            TangentCotangents(v, jv, a, w, count, stride);
            _dynamics.JvpVjpBatch(t, y, v, af, w, dy, dtheta, m, count, stride);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(f);
            ArrayPool<T>.Shared.Return(af);
            ArrayPool<T>.Shared.Return(tangents);
            ArrayPool<T>.Shared.Return(jv);
            ArrayPool<T>.Shared.Return(w);
        }
    }

    /// <summary>
    /// Effectively <see cref="EvaluateBatch"/> then <see cref="VjpBatch"/> at the same points. For the exact flow
    /// without carried integrals (what the continuous adjoint of <see cref="FlowFit{TDynamics, TTableau, T}"/> asks at
    /// every backward stage) it is one call of the dynamics'
    /// <see cref="IDivergenceSystem{T}.EvaluateWithDivergenceAndVjpBatch"/>, so f and its divergence come from the
    /// forward and tangent pass that the vector–Jacobian product runs anyway; other layouts make the two calls.
    /// </summary>
    /// <param name="t">The time of each lane.</param>
    /// <param name="y">The augmented states, component-major.</param>
    /// <param name="a">Their cotangents.</param>
    /// <param name="dydt">Receives the augmented derivative (overwritten).</param>
    /// <param name="dy">Receives the state cotangents, added; empty to skip.</param>
    /// <param name="dtheta">Receives the parameter gradient summed over lanes, added; empty to skip.</param>
    /// <param name="count">The number of lanes.</param>
    /// <param name="stride">The distance between consecutive components of one lane.</param>
    public void EvaluateAndVjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dydt, Span<T> dy, Span<T> dtheta, int count, int stride)
    {
        AugmentedLayout layout = Layout;
        if (layout.Tangents != 0 || layout.LogDensityIndex < 0 || layout.KineticIndex >= 0)
        {
            EvaluateBatch(t, y, dydt, count, stride);
            VjpBatch(t, y, a, dy, dtheta, count, stride);
            return;
        }

        T[] b = ArrayPool<T>.Shared.Rent(Math.Max(1, count));
        try
        {
            // dΔlog p/dt = −div: the divergence's cotangent is −a_Δ, and the Δlog p row is the divergence negated.
            Span<T> cotangent = b.AsSpan(0, count);
            a.Slice(layout.LogDensityIndex * stride, count).CopyTo(cotangent);
            AugmentedKernels<T>.Negate(cotangent);
            Span<T> logp = dydt.Slice(layout.LogDensityIndex * stride, count);
            _dynamics.EvaluateWithDivergenceAndVjpBatch(t, y, a, cotangent, dydt, logp, dy, dtheta, count, stride);
            AugmentedKernels<T>.Negate(logp);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(b);
        }
    }

    /// <summary>
    /// The tangent directions: the probe's rows of <paramref name="y"/> in place (direction 0, component c at
    /// (ProbeIndex + c) · stride, the layout <see cref="IDivergenceSystem{T}.EvaluateWithJvpBatch"/> wants), or the
    /// unit vectors eₖ written into <paramref name="buffer"/>.
    /// </summary>
    private ReadOnlySpan<T> Directions(ReadOnlySpan<T> y, T[] buffer, int stride, int count)
    {
        AugmentedLayout layout = Layout;
        int d = layout.StateSize;
        if (layout.Tangents == 1 && layout.ProbeIndex >= 0)
        {
            return y.Slice(layout.ProbeIndex * stride, ((d - 1) * stride) + count);
        }

        for (int k = 0; k < d; k++)
        {
            for (int c = 0; c < d; c++)
            {
                buffer.AsSpan(((k * d) + c) * stride, count).Fill(k == c ? T.One : T.Zero);
            }
        }

        return buffer.AsSpan(0, (((d * d) - 1) * stride) + count);
    }

    /// <summary>Writes −tr J into the Δlog p row and ‖J‖²_F into the Jacobian row, from the tangents' J v.</summary>
    private void Traces(ReadOnlySpan<T> v, ReadOnlySpan<T> jv, Span<T> dydt, int count, int stride)
    {
        AugmentedLayout layout = Layout;
        int d = layout.StateSize, m = layout.Tangents;
        if (layout.LogDensityIndex >= 0)
        {
            // Exact: tr J = Σₖ (J eₖ)ₖ. Hutchinson: εᵀ(Jε). Both are Σₖ Σ_c v_kc (J v_k)_c.
            Span<T> logp = dydt.Slice(layout.LogDensityIndex * stride, count);
            logp.Clear();
            for (int k = 0; k < m; k++)
            {
                for (int c = 0; c < d; c++)
                {
                    int row = ((k * d) + c) * stride;
                    for (int i = 0; i < count; i++)
                    {
                        logp[i] -= v[row + i] * jv[row + i];
                    }
                }
            }
        }

        if (layout.JacobianIndex >= 0)
        {
            AugmentedKernels<T>.SumOfSquares(jv, m * d, dydt.Slice(layout.JacobianIndex * stride, count), count, stride);
        }
    }

    /// <summary>
    /// The cotangents of every J vₖ: −a_Δ vₖ (from −Σ vₖ·J vₖ) plus 2 a_F J vₖ (from ‖J vₖ‖²).
    /// </summary>
    private void TangentCotangents(ReadOnlySpan<T> v, ReadOnlySpan<T> jv, ReadOnlySpan<T> a, Span<T> w, int count, int stride)
    {
        AugmentedLayout layout = Layout;
        int rows = layout.Tangents * layout.StateSize;
        T two = T.CreateChecked(2);
        for (int r = 0; r < rows; r++)
        {
            Span<T> wr = w.Slice(r * stride, count);
            wr.Clear();
            if (layout.LogDensityIndex >= 0)
            {
                ReadOnlySpan<T> aLogp = a.Slice(layout.LogDensityIndex * stride, count);
                for (int i = 0; i < count; i++)
                {
                    wr[i] -= aLogp[i] * v[(r * stride) + i];
                }
            }

            if (layout.JacobianIndex >= 0)
            {
                ReadOnlySpan<T> aF = a.Slice(layout.JacobianIndex * stride, count);
                for (int i = 0; i < count; i++)
                {
                    wr[i] += two * aF[i] * jv[(r * stride) + i];
                }
            }
        }
    }
}
