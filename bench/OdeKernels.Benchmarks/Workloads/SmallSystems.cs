using System;

namespace OdeKernels.Benchmarks.Workloads;

/// <summary>
/// Lotka–Volterra x′ = 1.5x − xy, y′ = −3y + xy, written as a user would: a struct <see cref="IOdeSystem{T}"/>, the
/// same arithmetic as <c>bench/boost/odeint_reference.cpp</c>.
/// </summary>
internal readonly struct LotkaVolterraSystem : IOdeSystem<double>
{
    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = (1.5 * y[0]) - (y[0] * y[1]);
        dydt[1] = (-3.0 * y[1]) + (y[0] * y[1]);
    }
}

/// <summary>Van der Pol with μ = 1: x′ = y, y′ = μ(1 − x²)y − x.</summary>
internal readonly struct VanDerPolSystem : IOdeSystem<double>
{
    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = (1.0 * (1.0 - (y[0] * y[0])) * y[1]) - y[0];
    }
}

/// <summary>Lorenz with σ = 10, ρ = 28, β = 8/3.</summary>
internal readonly struct LorenzSystem : IOdeSystem<double>
{
    public int StateSize => 3;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = 10.0 * (y[1] - y[0]);
        dydt[1] = (y[0] * (28.0 - y[2])) - y[1];
        dydt[2] = (y[0] * y[1]) - ((8.0 / 3.0) * y[2]);
    }
}

/// <summary>
/// Lotka–Volterra with its four parameters and a hand-written vector-Jacobian product (x′ = αx − βxy,
/// y′ = δxy − γy), for the one-trajectory gradient rows.
/// </summary>
internal sealed class LotkaVolterraParameters : IDifferentiableSystem<double>
{
    private readonly double[] _theta = [1.5, 1.0, 3.0, 1.0];

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
