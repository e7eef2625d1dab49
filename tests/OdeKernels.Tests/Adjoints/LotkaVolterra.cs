using System;

namespace OdeKernels.Tests.Adjoints;

/// <summary>Predator–prey dynamics with its four parameters, differentiated by hand: x' = αx − βxy, y' = δxy − γy.</summary>
public sealed class LotkaVolterra : IDifferentiableSystem<double>
{
    private readonly double[] _theta;

    public LotkaVolterra(double alpha = 1.5, double beta = 1, double gamma = 3, double delta = 1) => _theta = [alpha, beta, gamma, delta];

    public int StateSize => 2;

    public int ParameterCount => 4;

    public Span<double> Parameters => _theta;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double x = y[0], v = y[1];
        dydt[0] = (_theta[0] * x) - (_theta[1] * x * v);
        dydt[1] = (_theta[3] * x * v) - (_theta[2] * v);
    }

    public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta)
    {
        double x = y[0], v = y[1];
        dy[0] += (a[0] * (_theta[0] - (_theta[1] * v))) + (a[1] * _theta[3] * v);
        dy[1] += (a[0] * (-_theta[1] * x)) + (a[1] * ((_theta[3] * x) - _theta[2]));
        dtheta[0] += a[0] * x;
        dtheta[1] += -a[0] * x * v;
        dtheta[2] += -a[1] * v;
        dtheta[3] += a[1] * x * v;
    }
}
