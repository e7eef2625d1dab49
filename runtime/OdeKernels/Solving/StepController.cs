using System;

namespace OdeKernels.Solving;

/// <summary>
/// The PI step-size controller of Hairer, Nørsett and Wanner (Solving ODEs I, §II.4, and their DOPRI5 code):
/// after an accepted step the next is h · Safety · err^-(1/q − 0.75β) · errPrevious^β, clamped to
/// [MinFactor, MaxFactor] (errPrevious^β is the lane's error memory, <see cref="Memory"/>); after a rejection it
/// shrinks by Safety · err^(−1/q) (never grows).
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

    /// <summary>
    /// The controller of a tableau: the error exponent's q is one more than the lower of the order and the embedded
    /// order (at least 1), as Hairer's controllers use the order of the error estimate.
    /// </summary>
    public static StepController For(TableauInfo tableau, SolverOptions options) => new(options, ErrorOrder(tableau));

    /// <summary>
    /// q = min(order, max(embedded order, 1)) + 1. The generated CUDA step defines the same number as
    /// <c>ODE_CONTROLLER_Q</c> for the device's controller; a test checks the two agree for every built-in tableau.
    /// </summary>
    internal static int ErrorOrder(TableauInfo tableau) => Math.Min(tableau.Order, Math.Max(tableau.EmbeddedOrder, 1)) + 1;

    /// <summary>
    /// The next step after an accepted one of size <paramref name="taken"/> (proposed as <paramref name="proposed"/>),
    /// and the error memory it leaves in <paramref name="errorMemory"/> for the next step (<see cref="Memory"/>). A step
    /// shortened to land on a save time (<paramref name="clipped"/>) says little about the step the lane can afford
    /// next, so the longer of the controller's proposal and the one that was cut short is kept.
    /// </summary>
    /// <remarks>
    /// The memory is kept as errPrevious^β rather than errPrevious: the same product in the same order, so the same
    /// bits, but that power depends only on this step's error, so it is taken here, off the chain from the next
    /// step's error to its size, and an out-of-order CPU overlaps it with the next step's stages. One trajectory is
    /// that chain, and Hairer's second power on it cost about a tenth of a Dopri5 Lotka–Volterra solve (the
    /// one-trajectory report's breakdown).
    /// </remarks>
    public double AfterAccept(double taken, double proposed, bool clipped, double err, ref double errorMemory)
    {
        double next = taken * Factor(err, errorMemory);
        errorMemory = Memory(err);
        return clipped ? Math.Max(next, proposed) : next;
    }

    /// <summary>
    /// The error memory an accepted step with error norm <paramref name="err"/> leaves for the next: errPrevious^β, the
    /// error floored at 1e-4 so that one very accurate step does not make the next proposal explode. The memory before
    /// the first step is 1 (= 1^β).
    /// </summary>
    public double Memory(double err) => _beta == 0 ? 1.0 : Math.Pow(Math.Max(err, 1e-4), _beta);

    /// <summary>
    /// The growth factor after an accepted step with error norm <paramref name="err"/> (≤ 1), given the previous step's
    /// <paramref name="errorMemory"/> (<see cref="Memory"/>).
    /// </summary>
    public double Factor(double err, double errorMemory)
    {
        if (err == 0)
        {
            return _maxFactor;
        }

        double factor = _safety * Math.Pow(err, -_exponent) * errorMemory;
        return Math.Clamp(factor, _minFactor, _maxFactor);
    }

    /// <summary>The shrink factor after a rejected step with error norm <paramref name="err"/> (&gt; 1, or infinite).</summary>
    public double RejectFactor(double err) =>
        double.IsFinite(err) ? Math.Clamp(_safety * Math.Pow(err, -RejectExponent), _minFactor, 1.0) : _minFactor;

    /// <summary>Applies the maximum step.</summary>
    public double Limit(double h) => Math.Min(h, _maxStep);
}
