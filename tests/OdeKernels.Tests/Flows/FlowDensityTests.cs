using System;
using OdeKernels.Flows;
using OdeKernels.Training;

namespace OdeKernels.Tests.Flows;

/// <summary>
/// The flow of a linear field f = A z + b with A = aI + ωK (K the rotation generator) is affine, z(t₁) = E x + c with
/// E = e^{at₁}R(ωt₁), so the flow's density is the Gaussian N(−E⁻¹c, e^{−2at₁} I): the log-density, the samples, and
/// the regularisers' integrals have closed forms to check the augmented solve against.
/// </summary>
public sealed class FlowDensityTests
{
    private const double Decay = -0.3, Omega = 0.8, End = 1.2;
    private static readonly double[] Bias = [0.5, -0.2];
    private static readonly SolverOptions Tight = new() { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 };

    private static LinearField Field() => new(new[,] { { Decay, -Omega }, { Omega, Decay } }, Bias);

    /// <summary>μ = −E⁻¹c with c = A⁻¹(E − I)b; the covariance is σ² I with σ² = e^{−2at₁}.</summary>
    private static (double[] Mean, double Variance) ClosedForm()
    {
        double scale = Math.Exp(Decay * End), cos = Math.Cos(Omega * End), sin = Math.Sin(Omega * End);
        double[,] e = { { scale * cos, -scale * sin }, { scale * sin, scale * cos } };
        double[] eb = [((e[0, 0] - 1) * Bias[0]) + (e[0, 1] * Bias[1]), (e[1, 0] * Bias[0]) + ((e[1, 1] - 1) * Bias[1])];
        double det = (Decay * Decay) + (Omega * Omega);
        double[] c = [((Decay * eb[0]) + (Omega * eb[1])) / det, ((-Omega * eb[0]) + (Decay * eb[1])) / det];
        double s2 = scale * scale;
        double[] mean = [-((e[0, 0] * c[0]) + (e[1, 0] * c[1])) / s2, -((e[0, 1] * c[0]) + (e[1, 1] * c[1])) / s2];
        return (mean, Math.Exp(-2 * Decay * End));
    }

    private static double[] Points() => [0.3, -0.4, 1.5, 0.2, -2.0, 1.1, 0.0, 0.0, 3.0, -2.5];

    [Fact]
    public void LogDensityOfALinearFlowIsItsClosedFormGaussian()
    {
        var flow = new ContinuousFlow<LinearField, Tsit5, double>(Field(), End, Tight);
        (double[] mean, double variance) = ClosedForm();
        double[] points = Points();
        double[] logp = flow.LogDensity(points);
        for (int i = 0; i < logp.Length; i++)
        {
            double dx = points[2 * i] - mean[0], dy = points[(2 * i) + 1] - mean[1];
            double expected = (-((dx * dx) + (dy * dy)) / (2 * variance)) - Math.Log(2 * Math.PI * variance);
            Assert.Equal(expected, logp[i], 8);
        }
    }

    [Fact]
    public void SamplesOfALinearFlowHaveTheClosedFormMeanAndVariance()
    {
        var flow = new ContinuousFlow<LinearField, Tsit5, double>(Field(), End, Tight);
        (double[] mean, double variance) = ClosedForm();
        const int n = 4000;
        double[] samples = flow.Sample(n, new TrainingRandom(11));
        for (int c = 0; c < 2; c++)
        {
            double sum = 0, squares = 0;
            for (int i = 0; i < n; i++)
            {
                sum += samples[(2 * i) + c];
            }

            double m = sum / n;
            for (int i = 0; i < n; i++)
            {
                squares += (samples[(2 * i) + c] - m) * (samples[(2 * i) + c] - m);
            }

            // Four standard errors of the mean and of the variance (2σ⁴/(n − 1) for a normal sample).
            Assert.InRange(m, mean[c] - (4 * Math.Sqrt(variance / n)), mean[c] + (4 * Math.Sqrt(variance / n)));
            Assert.InRange(squares / (n - 1), variance * (1 - (4 * Math.Sqrt(2.0 / n))), variance * (1 + (4 * Math.Sqrt(2.0 / n))));
        }
    }

    [Theory]
    [InlineData(TraceEstimator.Exact)]
    [InlineData(TraceEstimator.Hutchinson)]
    public void RegularisersOfALinearFlowAreTheirClosedFormIntegrals(TraceEstimator estimator)
    {
        // ‖f(z(t))‖² = e^{2at}‖Ax + b‖² (the rotation keeps norms), so ∫₀^t₁ = ‖Ax + b‖² (e^{2at₁} − 1)/(2a); ‖A‖²_F is
        // constant, 2(a² + ω²). For this A, Rademacher probes give εᵀAε = tr A and ‖Aε‖² = ‖A‖²_F exactly.
        var system = new AugmentedSystem<LinearField, double>(Field(), new AugmentedTerms(true, true, true, estimator));
        double[] points = Points();
        double[] y0 = system.Layout.Augment<double>(points, new TrainingRandom(5));
        Solution<double> solution = Ode.Solve(system, new Tsit5(), y0, [0.0, End], Tight);
        for (int i = 0; i < points.Length / 2; i++)
        {
            double fx = (Decay * points[2 * i]) - (Omega * points[(2 * i) + 1]) + Bias[0];
            double fy = (Omega * points[2 * i]) + (Decay * points[(2 * i) + 1]) + Bias[1];
            double kinetic = ((fx * fx) + (fy * fy)) * (Math.Exp(2 * Decay * End) - 1) / (2 * Decay);
            Assert.Equal(kinetic, solution[1, i, system.Layout.KineticIndex], 8);
            Assert.Equal(End * 2 * ((Decay * Decay) + (Omega * Omega)), solution[1, i, system.Layout.JacobianIndex], 8);
            Assert.Equal(-End * 2 * Decay, solution[1, i, system.Layout.LogDensityIndex], 8);
        }
    }

    [Fact]
    public void KineticSystemCarriesTheSameIntegralAsTheAugmentedSystem()
    {
        var mlp = new TanhDivergenceNet(2, 5, seed: 9);
        var kinetic = new KineticSystem<TanhDivergenceNet, double>(mlp);
        var augmented = new AugmentedSystem<TanhDivergenceNet, double>(mlp, new AugmentedTerms(LogDensity: false, KineticEnergy: true));
        double[] points = Points();
        Solution<double> a = Ode.Solve(kinetic, new Tsit5(), kinetic.Layout.Augment<double>(points, null), [0.0, End], Tight);
        Solution<double> b = Ode.Solve(augmented, new Tsit5(), augmented.Layout.Augment<double>(points, null), [0.0, End], Tight);
        Assert.Equal(3, kinetic.StateSize);
        Assert.Equal(a.States.ToArray(), b.States.ToArray());
        Assert.True(a[1, 0, 2] > 0);
    }

    [Fact]
    public void SamplingInvertsTheDensitySolveOfATimeDependentField()
    {
        // The samples of a flow whose field depends on t, solved forward from t = 0 to t₁, land on the base draws the
        // sampler started from (the same stream): sampling runs the flow backwards in time, not the field backwards.
        var flow = new ContinuousFlow<TanhDivergenceNet, Tsit5, double>(new TanhDivergenceNet(2, 6, seed: 12), End, Tight);
        double[] samples = flow.Sample(5, new TrainingRandom(4));
        var random = new TrainingRandom(4);
        var system = new AugmentedSystem<TanhDivergenceNet, double>(flow.Dynamics);
        Solution<double> forward = Ode.Solve(system, new Tsit5(), system.Layout.Augment<double>(samples, null), [0.0, End], Tight);
        for (int i = 0; i < 5; i++)
        {
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(random.NextGaussian(), forward[1, i, c], 7);
            }
        }
    }

    [Fact]
    public void BadTrainingInputIsRefusedNamingIt()
    {
        var flow = new ContinuousFlow<LinearField, Tsit5, double>(Field(), End, Tight);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => new FlowFit<LinearField, Tsit5, double>(flow, [1.0, 2.0, 3.0])).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => new FlowFit<LinearField, Tsit5, double>(flow, [1.0, double.NaN])).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new FlowFit<LinearField, Tsit5, double>(flow, [1.0, 2.0], new FlowFitOptions(BatchSize: 0))).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new FlowFit<LinearField, Tsit5, double>(flow, [1.0, 2.0], new FlowFitOptions(KineticWeight: -1))).ParamName);
        Assert.Equal("endTime", Assert.Throws<ArgumentException>(() => new ContinuousFlow<LinearField, Tsit5, double>(Field(), 0)).ParamName);
        var layout = new AugmentedLayout(2, new AugmentedTerms(Estimator: TraceEstimator.Hutchinson));
        Assert.Equal("random", Assert.Throws<ArgumentException>(() => layout.Augment<double>([1.0, 2.0], null)).ParamName);
        Assert.Equal(2 + 1 + 2, layout.Size);
    }

    [Fact]
    public void CudaIsRefusedNamingTheOption()
    {
        var error = Assert.Throws<NotSupportedException>(() => new ContinuousFlow<LinearField, Tsit5, double>(Field(), End, new SolverOptions { Backend = Backend.Cuda }));
        Assert.Contains("Backend", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cpu", error.Message, StringComparison.Ordinal);
    }
}
