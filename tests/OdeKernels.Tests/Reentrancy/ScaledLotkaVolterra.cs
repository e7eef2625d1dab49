using System;
using OdeKernels.Tests.Adjoints;

namespace OdeKernels.Tests.Reentrancy;

/// <summary>
/// Lotka–Volterra times g(t) = s·(1 + t/10), where s comes from a callback run at every evaluation and VJP (once per
/// lane here, once per batch in the batched form): a callback that solves another ODE makes every call a nested
/// solve; one that returns a number computed beforehand gives the same system without nesting. (Time enters so that
/// a corrupted time buffer shows.)
/// </summary>
public sealed class ScaledLotkaVolterra(Func<double> scale) : IDifferentiableSystem<double>
{
    private readonly PredatorPrey _lane = new();

    public int StateSize => 2;

    public int ParameterCount => 4;

    public Span<double> Parameters => _lane.Parameters;

    public Func<double> Scale => scale;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => Evaluate(scale(), t, y, dydt);

    public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta) => Vjp(scale(), t, y, a, dy, dtheta);

    public void Evaluate(double s, double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double g = s * (1 + (t / 10));
        _lane.Evaluate(t, y, dydt);
        dydt[0] *= g;
        dydt[1] *= g;
    }

    public void Vjp(double s, double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta)
    {
        // The VJP is linear in a: aᵀ∂(g f)/∂· = (g a)ᵀ∂f/∂·.
        double g = s * (1 + (t / 10));
        Span<double> scaled = [g * a[0], g * a[1]];
        _lane.Vjp(t, y, scaled, dy, dtheta);
    }
}

/// <summary><see cref="ScaledLotkaVolterra"/> as a batched system, to drive the batched integrator and adjoints.</summary>
public sealed class BatchedScaledLotkaVolterra(Func<double> scale) : IBatchedDifferentiableSystem<double>
{
    private readonly ScaledLotkaVolterra _lane = new(scale);

    public int StateSize => 2;

    public int ParameterCount => 4;

    public Span<double> Parameters => _lane.Parameters;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => _lane.Evaluate(t, y, dydt);

    public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta) => _lane.Vjp(t, y, a, dy, dtheta);

    public void EvaluateBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> dydt, int count, int stride)
    {
        double s = _lane.Scale();
        Span<double> yi = stackalloc double[2], fi = stackalloc double[2];
        for (int i = 0; i < count; i++)
        {
            yi[0] = y[i];
            yi[1] = y[stride + i];
            _lane.Evaluate(s, t[i], yi, fi);
            dydt[i] = fi[0];
            dydt[stride + i] = fi[1];
        }
    }

    public void VjpBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta, int count, int stride)
    {
        double s = _lane.Scale();
        Span<double> yi = stackalloc double[2], ai = stackalloc double[2], di = stackalloc double[2];
        Span<double> theta = stackalloc double[4];
        theta.Clear();
        for (int i = 0; i < count; i++)
        {
            yi[0] = y[i];
            yi[1] = y[stride + i];
            ai[0] = a[i];
            ai[1] = a[stride + i];
            di.Clear();
            _lane.Vjp(s, t[i], yi, ai, di, theta);
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
