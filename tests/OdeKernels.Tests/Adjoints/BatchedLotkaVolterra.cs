using System;

namespace OdeKernels.Tests.Adjoints;

/// <summary>Lotka–Volterra as a batched differentiable system, to drive the batched adjoint paths.</summary>
public sealed class BatchedLotkaVolterra : IBatchedDifferentiableSystem<double>
{
    private readonly PredatorPrey _lane = new();

    public int StateSize => 2;

    public int ParameterCount => 4;

    public Span<double> Parameters => _lane.Parameters;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => _lane.Evaluate(t, y, dydt);

    public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta) => _lane.Vjp(t, y, a, dy, dtheta);

    public void EvaluateBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> dydt, int count, int stride)
    {
        Span<double> yi = stackalloc double[2], fi = stackalloc double[2];
        for (int i = 0; i < count; i++)
        {
            yi[0] = y[i];
            yi[1] = y[stride + i];
            _lane.Evaluate(t[i], yi, fi);
            dydt[i] = fi[0];
            dydt[stride + i] = fi[1];
        }
    }

    public void VjpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta, int count, int stride)
    {
        Span<double> yi = stackalloc double[2], ai = stackalloc double[2], di = stackalloc double[2];
        Span<double> theta = stackalloc double[4];
        for (int i = 0; i < count; i++)
        {
            yi[0] = y[i];
            yi[1] = y[stride + i];
            ai[0] = a[i];
            ai[1] = a[stride + i];
            di.Clear();
            _lane.Vjp(t[i], yi, ai, di, theta);
            if (!dy.IsEmpty)
            {
                dy[i] += di[0];
                dy[stride + i] += di[1];
            }
        }

        if (!dtheta.IsEmpty)
        {
            for (int k = 0; k < 4; k++)
            {
                dtheta[k] += theta[k];
            }
        }
    }
}
