using System;

namespace OdeKernels.Solving;

/// <summary>
/// The PI step-size controller of Hairer, Nørsett and Wanner (Solving ODEs I, §II.4, and their DOPRI5 code):
/// after an accepted step the next is h · Safety · err^-(1/q − 0.75β) · errPrevious^β, clamped to
/// [MinFactor, MaxFactor]; after a rejection it shrinks by Safety · err^(−1/q) (never grows).
/// </summary>
internal readonly struct StepController
{
    private readonly double _exponent;
    private readonly double _beta;
    private readonly double _safety;
    private readonly double _minFactor;
    private readonly double _maxFactor;
    private readonly double _maxStep;

    public StepController(SolverOptions options, int q)
    {
        _beta = options.ControllerBeta;
        _exponent = (1.0 / q) - (0.75 * _beta);
        _safety = options.Safety;
        _minFactor = options.MinFactor;
        _maxFactor = options.MaxFactor;
        _maxStep = options.MaxStep ?? double.PositiveInfinity;
        RejectExponent = 1.0 / q;
    }

    private double RejectExponent { get; }

    /// <summary>The growth factor after an accepted step with error norm <paramref name="err"/> (≤ 1).</summary>
    public double Factor(double err, double previousError)
    {
        if (err == 0)
        {
            return _maxFactor;
        }

        double factor = _safety * Math.Pow(err, -_exponent) * Math.Pow(previousError, _beta);
        return Math.Clamp(factor, _minFactor, _maxFactor);
    }

    /// <summary>The shrink factor after a rejected step with error norm <paramref name="err"/> (&gt; 1, or infinite).</summary>
    public double RejectFactor(double err) =>
        double.IsFinite(err) ? Math.Clamp(_safety * Math.Pow(err, -RejectExponent), _minFactor, 1.0) : _minFactor;

    /// <summary>Applies the maximum step.</summary>
    public double Limit(double h) => Math.Min(h, _maxStep);
}
