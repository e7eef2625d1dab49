using System;
using OdeKernels.Flows;
using OdeKernels.Tests.Dynamics;
using OdeKernels.Training;

namespace OdeKernels.Tests.Flows;

/// <summary>
/// The maximum-likelihood gradient of <see cref="FlowFit{TDynamics, TTableau, T}"/> (negative log-likelihood plus the
/// weighted regularisers) through every adjoint, against float64 central differences of the same loss formed here from
/// forward solves of the augmented state with the same probes: exact divergence, exact Frobenius norm, and Hutchinson
/// with fixed Rademacher and Gaussian probes.
/// </summary>
public sealed class FlowGradientTests
{
    private const double End = 0.8;
    private static readonly SolverOptions Tight = new() { RelativeTolerance = 1e-11, AbsoluteTolerance = 1e-12 };
    private static readonly double[] Data = [0.3, -0.4, 1.5, 0.2, -1.0, 1.1, 0.6, 0.9];

    public static TheoryData<AdjointMethod, TraceEstimator, ProbeDistribution, double, double> Cases()
    {
        var cases = new TheoryData<AdjointMethod, TraceEstimator, ProbeDistribution, double, double>();
        foreach (AdjointMethod adjoint in new[] { AdjointMethod.Direct, AdjointMethod.Checkpointed, AdjointMethod.Backsolve })
        {
            cases.Add(adjoint, TraceEstimator.Exact, ProbeDistribution.Rademacher, 0, 0);
            cases.Add(adjoint, TraceEstimator.Exact, ProbeDistribution.Rademacher, 0.3, 0.2);
            cases.Add(adjoint, TraceEstimator.Hutchinson, ProbeDistribution.Rademacher, 0.3, 0.2);
            cases.Add(adjoint, TraceEstimator.Hutchinson, ProbeDistribution.Gaussian, 0, 0.5);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NegativeLogLikelihoodGradientMatchesFiniteDifferences(AdjointMethod adjoint, TraceEstimator estimator, ProbeDistribution probe, double kinetic, double jacobian) =>
        Check(new TanhDivergenceNet(2, 6, seed: 21), new FlowFitOptions(BatchSize: 100, adjoint, estimator, probe, kinetic, jacobian));

    [Theory]
    [InlineData(AdjointMethod.Checkpointed, TraceEstimator.Exact)]
    [InlineData(AdjointMethod.Backsolve, TraceEstimator.Hutchinson)]
    public void TheGradientThroughAGeneratedNetworkMatchesFiniteDifferences(AdjointMethod adjoint, TraceEstimator estimator) =>
        // [Dynamics(Divergence = true)] with time input, softplus and tanh layers: the generated one-pass divergence,
        // tangents and their vector–Jacobian products under the flow runtime.
        Check(new DivergenceTime64(seed: 5), new FlowFitOptions(BatchSize: 100, adjoint, estimator, ProbeDistribution.Rademacher, 0.3, 0.2));

    private static void Check<TDynamics>(TDynamics net, FlowFitOptions options)
        where TDynamics : IDivergenceSystem<double>
    {
        (AdjointMethod adjoint, double kinetic, double jacobian) = (options.Adjoint, options.KineticWeight, options.JacobianWeight);
        var flow = new ContinuousFlow<TDynamics, Tsit5, double>(net, End, Tight);
        var fit = new FlowFit<TDynamics, Tsit5, double>(flow, Data, options);
        var gradient = new double[fit.ParameterCount];
        TrainingStep step = fit.Gradient(0, new TrainingRandom(17), gradient);

        // The same probes: the whole data set takes no draws, so the probes are the stream's first.
        AugmentedLayout layout = fit.System.Layout;
        double[] y0 = layout.Augment<double>(Data, new TrainingRandom(17));
        double Loss()
        {
            Solution<double> solution = Ode.Solve(fit.System, new Tsit5(), y0, [0.0, End], Tight);
            double sum = 0;
            for (int i = 0; i < solution.Lanes; i++)
            {
                double zx = solution[1, i, 0], zy = solution[1, i, 1];
                sum += (0.5 * ((zx * zx) + (zy * zy))) + Math.Log(2 * Math.PI) + solution[1, i, layout.LogDensityIndex];
                sum += kinetic == 0 ? 0 : kinetic * solution[1, i, layout.KineticIndex];
                sum += jacobian == 0 ? 0 : jacobian * solution[1, i, layout.JacobianIndex];
            }

            return sum / solution.Lanes;
        }

        Assert.Equal(Loss(), step.Loss, 9);
        double[] expected = FiniteDifferences.ParameterGradient(net, Loss);
        double tolerance = adjoint == AdjointMethod.Backsolve ? 1e-5 : 1e-6;
        FiniteDifference.AssertClose(expected, gradient, tolerance, "dL/dθ");
    }

    [Fact]
    public void StateGradientOfTheAugmentedSystemMatchesFiniteDifferences()
    {
        // dL/dz₀ through the augmented system directly (Ode.Gradient with a given dL/dy), Hutchinson with all terms.
        var mlp = new TanhDivergenceNet(2, 5, seed: 8);
        var system = new AugmentedSystem<TanhDivergenceNet, double>(mlp, new AugmentedTerms(true, true, true, TraceEstimator.Hutchinson, ProbeDistribution.Gaussian));
        double[] y0 = system.Layout.Augment<double>(Data, new TrainingRandom(2));
        var weights = new double[2 * y0.Length];
        for (int k = y0.Length; k < weights.Length; k++)
        {
            weights[k] = Math.Cos(0.37 * k);
        }

        double Loss(double[] at)
        {
            Solution<double> s = Ode.Solve(system, new Tsit5(), at, [0.0, End], Tight);
            double sum = 0;
            for (int k = 0; k < weights.Length; k++)
            {
                sum += weights[k] * s.States[k];
            }

            return sum;
        }

        Gradient<double> result = Ode.Gradient(system, new Tsit5(), y0, [0.0, End], weights, Tight, AdjointMethod.Checkpointed);
        double[] expected = FiniteDifferences.StateGradient(y0, Loss);
        for (int lane = 0; lane < Data.Length / 2; lane++)
        {
            for (int c = 0; c < 2; c++)
            {
                int k = (lane * system.StateSize) + c;
                Assert.True(Math.Abs(expected[k] - result.InitialState[k]) <= 1e-6 * Math.Max(1, Math.Abs(expected[k])), $"dL/dz₀[{lane},{c}]: expected {expected[k]:R}, got {result.InitialState[k]:R}");
            }
        }
    }
}
