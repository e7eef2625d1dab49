using System;

namespace OdeKernels.Tests.Flows;

/// <summary>
/// f(t, y) = W₂ tanh(W₁ [y; t] + b₁) + b₂ (one hidden layer, time as an extra input) with its divergence,
/// Jacobian–vector products and their vector–Jacobian products derived and written by hand, lane by lane, in float64:
/// the second reference for the flow runtime beside the generated networks (checked against finite differences by
/// <see cref="TanhDivergenceNetTests"/>). Parameters: W₁ [H, d + 1] row-major, b₁, W₂ [d, H] row-major, b₂, initialised
/// uniform in ±0.8 from the seed.
/// </summary>
/// <remarks>Thread safety: keeps no scratch; concurrent calls are allowed while nobody writes the parameters.</remarks>
internal sealed class TanhDivergenceNet : IDivergenceSystem<double>
{
    private readonly double[] _theta;
    private readonly int _d;
    private readonly int _h;

    /// <summary>Creates the network with parameters drawn from <paramref name="seed"/>.</summary>
    /// <param name="dimension">d, the state size.</param>
    /// <param name="hidden">H, the hidden width.</param>
    /// <param name="seed">The seed of the initial parameters.</param>
    public TanhDivergenceNet(int dimension, int hidden, ulong seed)
    {
        _d = dimension;
        _h = hidden;
        _theta = new double[(hidden * (dimension + 1)) + hidden + (dimension * hidden) + dimension];
        var random = new OdeKernels.Training.TrainingRandom(seed);
        for (int p = 0; p < _theta.Length; p++)
        {
            _theta[p] = (random.NextDouble() - 0.5) * 1.6;
        }
    }

    /// <inheritdoc/>
    public int StateSize => _d;

    /// <inheritdoc/>
    public int ParameterCount => _theta.Length;

    /// <inheritdoc/>
    public Span<double> Parameters => _theta;

    private int W1(int j, int k) => (j * (_d + 1)) + k;

    private int B1(int j) => (_h * (_d + 1)) + j;

    private int W2(int c, int j) => (_h * (_d + 1)) + _h + (c * _h) + j;

    private int B2(int c) => (_h * (_d + 1)) + _h + (_d * _h) + c;

    /// <inheritdoc/>
    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => EvaluateBatch([t], y, dydt, 1, 1);

    /// <inheritdoc/>
    public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta) => VjpBatch([t], y, a, dy, dtheta, 1, 1);

    /// <inheritdoc/>
    public void EvaluateBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> dydt, int count, int stride) =>
        EvaluateWithJvpBatch(t, y, default, dydt, default, 0, count, stride);

    /// <inheritdoc/>
    public void EvaluateWithDivergenceBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> dydt, Span<double> divergence, int count, int stride)
    {
        EvaluateBatch(t, y, dydt, count, stride);
        Span<double> h = stackalloc double[_h];
        for (int i = 0; i < count; i++)
        {
            Hidden(t[i], y, i, stride, h);
            double div = 0;
            for (int j = 0; j < _h; j++)
            {
                div += (1 - (h[j] * h[j])) * Coupling(j);
            }

            divergence[i] = div;
        }
    }

    /// <inheritdoc/>
    public void EvaluateWithJvpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> v, Span<double> dydt, Span<double> jv, int tangents, int count, int stride)
    {
        Span<double> h = stackalloc double[_h];
        for (int i = 0; i < count; i++)
        {
            Hidden(t[i], y, i, stride, h);
            for (int c = 0; c < _d; c++)
            {
                double sum = _theta[B2(c)];
                for (int j = 0; j < _h; j++)
                {
                    sum += _theta[W2(c, j)] * h[j];
                }

                dydt[(c * stride) + i] = sum;
            }

            for (int k = 0; k < tangents; k++)
            {
                for (int c = 0; c < _d; c++)
                {
                    double sum = 0;
                    for (int j = 0; j < _h; j++)
                    {
                        sum += _theta[W2(c, j)] * (1 - (h[j] * h[j])) * Q(v, k, j, i, stride);
                    }

                    jv[(((k * _d) + c) * stride) + i] = sum;
                }
            }
        }
    }

    /// <inheritdoc/>
    public void VjpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta, int count, int stride) =>
        Backward(t, y, a, default, default, default, dy, dtheta, 0, count, stride);

    /// <inheritdoc/>
    public void DivergenceVjpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dy, Span<double> dtheta, int count, int stride) =>
        Backward(t, y, a, b, default, default, dy, dtheta, 0, count, stride);

    /// <inheritdoc/>
    public void JvpVjpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> v, ReadOnlySpan<double> a, ReadOnlySpan<double> w, Span<double> dy, Span<double> dtheta, int tangents, int count, int stride) =>
        Backward(t, y, a, default, v, w, dy, dtheta, tangents, count, stride);

    /// <summary>Σ_{k&lt;d} W₂[k, j] W₁[j, k]: hidden unit j's share of tr J, times its s_j.</summary>
    private double Coupling(int j)
    {
        double c = 0;
        for (int k = 0; k < _d; k++)
        {
            c += _theta[W2(k, j)] * _theta[W1(j, k)];
        }

        return c;
    }

    /// <summary>(W₁ without the time column) v_k, hidden unit j, lane i.</summary>
    private double Q(ReadOnlySpan<double> v, int k, int j, int i, int stride)
    {
        double q = 0;
        for (int m = 0; m < _d; m++)
        {
            q += _theta[W1(j, m)] * v[(((k * _d) + m) * stride) + i];
        }

        return q;
    }

    private void Hidden(double t, ReadOnlySpan<double> y, int i, int stride, Span<double> h)
    {
        for (int j = 0; j < _h; j++)
        {
            double u = _theta[B1(j)] + (_theta[W1(j, _d)] * t);
            for (int k = 0; k < _d; k++)
            {
                u += _theta[W1(j, k)] * y[(k * stride) + i];
            }

            h[j] = Math.Tanh(u);
        }
    }

    /// <summary>
    /// The cotangent a of f, b of the divergence (empty: none) and w of the tangents' J v (none when tangents = 0),
    /// pulled back to y and θ: du_j = s_j g_j − 2 h_j s_j (b c_j + Σ_k r_kj q_kj), with g = W₂ᵀa and r_k = W₂ᵀw_k.
    /// </summary>
    private void Backward(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> v, ReadOnlySpan<double> w, Span<double> dy, Span<double> dtheta, int tangents, int count, int stride)
    {
        Span<double> h = stackalloc double[_h];
        bool theta = !dtheta.IsEmpty;
        for (int i = 0; i < count; i++)
        {
            double ti = t[i];
            Hidden(ti, y, i, stride, h);
            double bi = b.IsEmpty ? 0 : b[i];
            for (int j = 0; j < _h; j++)
            {
                double s = 1 - (h[j] * h[j]);
                double g = 0;
                for (int c = 0; c < _d; c++)
                {
                    g += _theta[W2(c, j)] * a[(c * stride) + i];
                }

                double second = bi * Coupling(j);
                for (int k = 0; k < tangents; k++)
                {
                    double r = 0;
                    for (int c = 0; c < _d; c++)
                    {
                        r += _theta[W2(c, j)] * w[(((k * _d) + c) * stride) + i];
                    }

                    double q = Q(v, k, j, i, stride);
                    second += r * q;
                    if (theta)
                    {
                        for (int m = 0; m < _d; m++)
                        {
                            dtheta[W1(j, m)] += r * s * v[(((k * _d) + m) * stride) + i];
                        }

                        for (int c = 0; c < _d; c++)
                        {
                            dtheta[W2(c, j)] += w[(((k * _d) + c) * stride) + i] * s * q;
                        }
                    }
                }

                double du = (s * g) - (2 * h[j] * s * second);
                for (int k = 0; k < _d; k++)
                {
                    if (!dy.IsEmpty)
                    {
                        dy[(k * stride) + i] += du * _theta[W1(j, k)];
                    }

                    if (theta)
                    {
                        dtheta[W1(j, k)] += (du * y[(k * stride) + i]) + (bi * s * _theta[W2(k, j)]);
                        dtheta[W2(k, j)] += (a[(k * stride) + i] * h[j]) + (bi * s * _theta[W1(j, k)]);
                    }
                }

                if (theta)
                {
                    dtheta[W1(j, _d)] += du * ti;
                    dtheta[B1(j)] += du;
                }
            }

            if (theta)
            {
                for (int c = 0; c < _d; c++)
                {
                    dtheta[B2(c)] += a[(c * stride) + i];
                }
            }
        }
    }
}
