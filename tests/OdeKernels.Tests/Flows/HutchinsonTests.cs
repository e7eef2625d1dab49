using System;
using OdeKernels.Flows;
using OdeKernels.Training;

namespace OdeKernels.Tests.Flows;

/// <summary>
/// Hutchinson's estimates of Δlog p and ∫‖∂f/∂z‖²_F, one probe per lane, averaged over many lanes that start at the
/// same point, against the exact values (the estimator is unbiased: E[εᵀJε] = tr J, E[‖Jε‖²] = ‖J‖²_F).
/// </summary>
public sealed class HutchinsonTests
{
    private const int Lanes = 4000;
    private static readonly SolverOptions Options = new() { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };

    [Theory]
    [InlineData(ProbeDistribution.Rademacher)]
    [InlineData(ProbeDistribution.Gaussian)]
    public void TheEstimatesMeanIsTheExactValue(ProbeDistribution probe)
    {
        var mlp = new TanhDivergenceNet(3, 8, seed: 31);
        double[] point = [0.4, -0.7, 0.2];
        var points = new double[Lanes * 3];
        for (int i = 0; i < Lanes; i++)
        {
            point.CopyTo(points, i * 3);
        }

        var exact = new AugmentedSystem<TanhDivergenceNet, double>(mlp, new AugmentedTerms(true, false, true, TraceEstimator.Exact));
        Solution<double> reference = Ode.Solve(exact, new Tsit5(), exact.Layout.Augment<double>(point, null), [0.0, 1.0], Options);
        var estimated = new AugmentedSystem<TanhDivergenceNet, double>(mlp, new AugmentedTerms(true, false, true, TraceEstimator.Hutchinson, probe));
        Solution<double> solution = Ode.Solve(estimated, new Tsit5(), estimated.Layout.Augment<double>(points, new TrainingRandom(77)), [0.0, 1.0], Options);
        foreach (int index in new[] { estimated.Layout.LogDensityIndex, estimated.Layout.JacobianIndex })
        {
            double sum = 0, squares = 0;
            for (int i = 0; i < Lanes; i++)
            {
                sum += solution[1, i, index];
            }

            double mean = sum / Lanes;
            for (int i = 0; i < Lanes; i++)
            {
                squares += (solution[1, i, index] - mean) * (solution[1, i, index] - mean);
            }

            double standardError = Math.Sqrt(squares / (Lanes - 1) / Lanes);
            Assert.True(standardError > 1e-4, $"component {index}: the estimates do not vary (standard error {standardError}); the probes are not random");
            Assert.InRange(reference[1, 0, index], mean - (4 * standardError), mean + (4 * standardError));

            // z itself does not depend on the probe.
            Assert.Equal(reference[1, 0, 0], solution[1, Lanes - 1, 0], 6);
        }
    }
}
