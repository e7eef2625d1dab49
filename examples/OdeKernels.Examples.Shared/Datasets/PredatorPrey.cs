using System;

namespace OdeKernels.Examples.Datasets;

/// <summary>
/// The Lotka–Volterra predator–prey system x′ = αx − βxy, y′ = δxy − γy with its four parameters θ = (α, β, γ, δ),
/// differentiated by hand: the truth of the Lotka-Volterra example, a hand-written system for the adjoint tests and
/// the benchmarks' one-trajectory gradient rows.
/// </summary>
/// <remarks>Thread safety: Evaluate and Vjp only read the parameters; writing <see cref="Parameters"/> while another
/// thread evaluates is a race.</remarks>
public sealed class PredatorPrey : IDifferentiableSystem<double>
{
    private readonly double[] _theta;

    /// <summary>Creates the system; the defaults are the classic α = 1.5, β = 1, γ = 3, δ = 1.</summary>
    /// <param name="alpha">α, the prey's growth rate.</param>
    /// <param name="beta">β, the rate of predation.</param>
    /// <param name="gamma">γ, the predator's death rate.</param>
    /// <param name="delta">δ, the predator's growth per prey eaten.</param>
    public PredatorPrey(double alpha = 1.5, double beta = 1, double gamma = 3, double delta = 1) => _theta = [alpha, beta, gamma, delta];

    /// <inheritdoc/>
    public int StateSize => 2;

    /// <inheritdoc/>
    public int ParameterCount => 4;

    /// <summary>(α, β, γ, δ).</summary>
    public Span<double> Parameters => _theta;

    /// <inheritdoc/>
    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double x = y[0], v = y[1];
        dydt[0] = (_theta[0] * x) - (_theta[1] * x * v);
        dydt[1] = (_theta[3] * x * v) - (_theta[2] * v);
    }

    /// <inheritdoc/>
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
