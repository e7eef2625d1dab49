using System;

namespace OdeKernels.Tests.Flows;

/// <summary>
/// f(t, y) = A y + b, written by hand as an <see cref="IDivergenceSystem{T}"/>: its flow is affine, so a flow of it maps
/// the standard normal to a Gaussian with a closed form, and ‖∂f/∂y‖²_F = ‖A‖²_F is constant. Parameters: A row-major, then b.
/// </summary>
internal sealed class LinearField : IDivergenceSystem<double>
{
    private readonly double[] _theta;

    public LinearField(double[,] a, double[] b)
    {
        Dimension = b.Length;
        _theta = new double[(Dimension * Dimension) + Dimension];
        for (int r = 0; r < Dimension; r++)
        {
            for (int c = 0; c < Dimension; c++)
            {
                _theta[(r * Dimension) + c] = a[r, c];
            }
        }

        b.CopyTo(_theta, Dimension * Dimension);
    }

    public int Dimension { get; }

    public int StateSize => Dimension;

    public int ParameterCount => _theta.Length;

    public Span<double> Parameters => _theta;

    public double A(int r, int c) => _theta[(r * Dimension) + c];

    public double B(int r) => _theta[(Dimension * Dimension) + r];

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => EvaluateBatch([t], y, dydt, 1, 1);

    public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta) => VjpBatch([t], y, a, dy, dtheta, 1, 1);

    public void EvaluateBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> dydt, int count, int stride) =>
        Apply(y, dydt, count, stride, withBias: true);

    public void VjpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta, int count, int stride)
    {
        int d = Dimension;
        for (int i = 0; i < count; i++)
        {
            for (int r = 0; r < d; r++)
            {
                double ar = a[(r * stride) + i];
                for (int c = 0; c < d; c++)
                {
                    if (!dy.IsEmpty)
                    {
                        dy[(c * stride) + i] += ar * A(r, c);
                    }

                    if (!dtheta.IsEmpty)
                    {
                        dtheta[(r * d) + c] += ar * y[(c * stride) + i];
                    }
                }

                if (!dtheta.IsEmpty)
                {
                    dtheta[(d * d) + r] += ar;
                }
            }
        }
    }

    public void EvaluateWithDivergenceBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> dydt, Span<double> divergence, int count, int stride)
    {
        EvaluateBatch(t, y, dydt, count, stride);
        double trace = 0;
        for (int k = 0; k < Dimension; k++)
        {
            trace += A(k, k);
        }

        divergence[..count].Fill(trace);
    }

    public void DivergenceVjpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dy, Span<double> dtheta, int count, int stride)
    {
        VjpBatch(t, y, a, dy, dtheta, count, stride);
        if (dtheta.IsEmpty)
        {
            return;
        }

        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < Dimension; k++)
            {
                dtheta[(k * Dimension) + k] += b[i];
            }
        }
    }

    public void EvaluateWithJvpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> v, Span<double> dydt, Span<double> jv, int tangents, int count, int stride)
    {
        EvaluateBatch(t, y, dydt, count, stride);
        int d = Dimension;
        for (int k = 0; k < tangents; k++)
        {
            Apply(v[(k * d * stride)..], jv[(k * d * stride)..], count, stride, withBias: false);
        }
    }

    public void JvpVjpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> v, ReadOnlySpan<double> a, ReadOnlySpan<double> w, Span<double> dy, Span<double> dtheta, int tangents, int count, int stride)
    {
        VjpBatch(t, y, a, dy, dtheta, count, stride);
        if (dtheta.IsEmpty)
        {
            return;
        }

        int d = Dimension;
        for (int k = 0; k < tangents; k++)
        {
            for (int i = 0; i < count; i++)
            {
                for (int r = 0; r < d; r++)
                {
                    for (int c = 0; c < d; c++)
                    {
                        dtheta[(r * d) + c] += w[(((k * d) + r) * stride) + i] * v[(((k * d) + c) * stride) + i];
                    }
                }
            }
        }
    }

    private void Apply(ReadOnlySpan<double> x, Span<double> result, int count, int stride, bool withBias)
    {
        int d = Dimension;
        for (int i = 0; i < count; i++)
        {
            for (int r = 0; r < d; r++)
            {
                double sum = withBias ? B(r) : 0;
                for (int c = 0; c < d; c++)
                {
                    sum += A(r, c) * x[(c * stride) + i];
                }

                result[(r * stride) + i] = sum;
            }
        }
    }
}
