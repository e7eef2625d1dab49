using System;

namespace OdeKernels.Solving;

/// <summary>
/// The step-size controller of every CPU integrator, for <see cref="SolverOptions.StepSizeControl"/>. The default is
/// the PI controller of Hairer, Nørsett and Wanner (Solving ODEs I, §II.4, and their DOPRI5 code): after an accepted
/// step the next is h · Safety · err^-(1/q − 0.75β) · errPrevious^β, clamped to [MinFactor, MaxFactor]
/// (errPrevious^β is the lane's error memory, <see cref="Memory"/>); after a rejection it shrinks by
/// Safety · err^(−1/q) (never grows). <see cref="StepSizeControl.Odeint"/> is Boost.Odeint's controlled stepper
/// (its <c>default_step_adjuster</c>): see that value for its rules.
/// </summary>
internal readonly struct StepController
{
    private readonly double _exponent;
    private readonly double _beta;
    private readonly double _safety;
    private readonly double _minFactor;
    private readonly double _maxFactor;
    private readonly double _maxStep;
    private readonly bool _odeint;
    private readonly double _growthExponent;
    private readonly double _errorFloor;

    private StepController(SolverOptions options, TableauInfo tableau)
    {
        int q = ErrorOrder(tableau);
        _beta = options.ControllerBeta;
        _exponent = (1.0 / q) - (0.75 * _beta);
        _safety = options.Safety;
        _minFactor = options.MinFactor;
        _maxFactor = options.MaxFactor;
        _maxStep = options.MaxStep ?? double.PositiveInfinity;
        RejectExponent = 1.0 / q;
        _odeint = options.StepSizeControl == StepSizeControl.Odeint;
        if (_odeint)
        {
            // Boost.Odeint's default_step_adjuster: shrink by err^(−1/(p̂ − 1)) with p̂ its error_order (the embedded
            // order), grow by err^(−1/p) with p its stepper_order, the error floored at 5^−p (growth at most 0.9 · 5).
            // Boost divides by p̂ − 1 as it stands; a pair of embedded order 1 (none of Boost's) takes 1 here.
            RejectExponent = 1.0 / Math.Max(tableau.EmbeddedOrder - 1, 1);
            _growthExponent = -1.0 / tableau.Order;
            _errorFloor = ErrorFloor(tableau.Order);
        }
    }

    private double RejectExponent { get; }

    /// <summary>
    /// Boost's error floor 5^−p (its <c>pow(5.0, -p)</c>) as 1 / 5^p: 5^p is exact in a double up to p = 22, so the one
    /// division rounds the exact value, as a correctly rounded pow does (a test compares the two for p ≤ 16).
    /// </summary>
    internal static double ErrorFloor(int order)
    {
        double power = 1;
        for (int i = 0; i < order; i++)
        {
            power *= 5;
        }

        return 1 / power;
    }

    /// <summary>
    /// The controller of a tableau: the error exponent's q is one more than the lower of the order and the embedded
    /// order (at least 1), as Hairer's controllers use the order of the error estimate.
    /// </summary>
    public static StepController For(TableauInfo tableau, SolverOptions options) =>
        new(options, tableau);

    /// <summary>
    /// Whether the generated steps measure the error by Boost.Odeint's maximum norm (its scale has |h|·|f| in it) rather
    /// than the sum of squares the RMS norm takes (<see cref="Generated.RungeKuttaStep{T}.MaximumNorm"/>).
    /// </summary>
    public bool MaximumNorm => _odeint;

    /// <summary>
    /// The error norm of a step from what the generated step measured over its <paramref name="n"/> components: the
    /// root mean square from the sum of squares, or Boost's maximum norm as it is (<see cref="MaximumNorm"/>).
    /// </summary>
    public double ErrorNorm(double measure, int n) => _odeint ? ErrorNorm<OdeintSteps>(measure, n) : ErrorNorm<AdaptiveSteps>(measure, n);

    /// <summary><see cref="ErrorNorm(double, int)"/> by the rules of <typeparamref name="TSteps"/>, a constant of the loop that calls it.</summary>
    public double ErrorNorm<TSteps>(double measure, int n)
        where TSteps : struct, IStepKind =>
        TSteps.Odeint ? measure : Math.Sqrt(measure / n);

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
    public double AfterAccept(double taken, double proposed, bool clipped, double err, ref double errorMemory) =>
        _odeint ? AfterAccept<OdeintSteps>(taken, proposed, clipped, err, ref errorMemory) : AfterAccept<AdaptiveSteps>(taken, proposed, clipped, err, ref errorMemory);

    /// <summary><see cref="AfterAccept(double, double, bool, double, ref double)"/> by the rules of <typeparamref name="TSteps"/>, a constant of the loop that calls it.</summary>
    public double AfterAccept<TSteps>(double taken, double proposed, bool clipped, double err, ref double errorMemory)
        where TSteps : struct, IStepKind
    {
        if (TSteps.Odeint)
        {
            // Boost keeps the step for 0.5 ≤ err ≤ 1: no power on most steps' path from error to next step size.
            // Its integrate_times then goes on with the larger of the proposal and the adjusted step, cut short to
            // land on a save time or not: a successor shrinks only after a rejection (for orders above 6 the growth
            // 0.9·err^(−1/p) is below 1 just under err = 0.5, and Boost keeps the step there).
            // Both maxima as branches, not Math.Max (three instructions where AVX-512 resolves NaN and −0 by range and
            // fixup instructions) nor the native maximum (one): they lie on the chain from one step's error to the
            // next step's size, which is all one trajectory's time outside the stages, and their outcome is
            // predictable (the error is above the floor; a grown step beats the proposal), so a predicted branch takes
            // nothing from that chain (Lotka–Volterra 4.54 → 4.49 µs a solve, AMD EPYC AVX-512). The values are
            // Math.Max's: operands are positive or NaN, and a NaN error or growth comes out as NaN.
            double grown = err < 0.5 ? taken * (_safety * Math.Pow(err < _errorFloor ? _errorFloor : err, _growthExponent)) : taken;
            return !(grown <= proposed) ? grown : proposed;
        }

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
        _odeint ? RejectFactor<OdeintSteps>(err) : RejectFactor<AdaptiveSteps>(err);

    /// <summary><see cref="RejectFactor(double)"/> by the rules of <typeparamref name="TSteps"/>, a constant of the loop that calls it.</summary>
    public double RejectFactor<TSteps>(double err)
        where TSteps : struct, IStepKind =>
        !double.IsFinite(err) ? _minFactor
        : TSteps.Odeint ? NativeMax.Of(_minFactor, _safety * Math.Pow(err, -RejectExponent))
        : Math.Clamp(_safety * Math.Pow(err, -RejectExponent), _minFactor, 1.0);

    /// <summary>Applies the maximum step.</summary>
    /// <remarks>A branch rather than a minimum: the step is almost never above the maximum, so the predicted branch takes
    /// nothing from the chain from one step's error to the next step's size, where a minimum instruction adds its
    /// latency (van der Pol with Boost's rules, Dopri5: 11.47 → 11.37 µs a solve, AMD EPYC AVX-512). A NaN step
    /// stays NaN, as it did through the minimum.</remarks>
    public double Limit(double h) => h > _maxStep ? _maxStep : h;
}
