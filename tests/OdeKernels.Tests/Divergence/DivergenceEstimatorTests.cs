using System;
using OdeKernels;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Divergence;

/// <summary>
/// The exact divergence against the mean of Hutchinson's estimator εᵀJε (Rademacher ε, FFJORD's estimator;
/// Grathwohl et al. 2019, eq. 7), each probe a lane of one <c>EvaluateWithJvpBatch</c> call at the same state: two
/// independent computations of tr ∂f/∂y that agree only if both are right.
/// </summary>
public sealed class DivergenceEstimatorTests
{
    private const int Probes = 20000;

    [Theory]
    [MemberData(nameof(DivergenceTestData.DoubleNetworks), MemberType = typeof(DivergenceTestData))]
    public void HutchinsonMeanMatchesTheExactDivergence(string name)
    {
        IDivergenceSystem<double> net = DivergenceTestData.Double(name, seed: 11);
        var random = new Random(61);
        int n = net.StateSize;
        double time = 0.3;
        double[] state = DynamicsTestData.Uniform<double>(random, n, 1.5);
        var t = new double[Probes];
        var y = new double[n * Probes];
        var v = new double[n * Probes];
        for (int i = 0; i < Probes; i++)
        {
            t[i] = time;
            for (int c = 0; c < n; c++)
            {
                y[(c * Probes) + i] = state[c];
                v[(c * Probes) + i] = random.Next(2) == 0 ? -1.0 : 1.0;
            }
        }

        var f = new double[n * Probes];
        var jv = new double[n * Probes];
        net.EvaluateWithJvpBatch(t, y, v, f, jv, 1, Probes, Probes);

        double sum = 0, squares = 0;
        for (int i = 0; i < Probes; i++)
        {
            double estimate = 0;
            for (int c = 0; c < n; c++)
            {
                estimate += v[(c * Probes) + i] * jv[(c * Probes) + i];
            }

            sum += estimate;
            squares += estimate * estimate;
        }

        double mean = sum / Probes;
        double standardError = Math.Sqrt(Math.Max(0, (squares / Probes) - (mean * mean)) / Probes);
        double exact = DivergenceTestData.ExactDivergence(net, time, state);

        // Five standard errors: a correct pair fails about once in 1.7 million seeds; the 1e-9 covers a Jacobian whose
        // off-diagonal vanishes (the estimator is then exact).
        Assert.True(Math.Abs(mean - exact) <= (5 * standardError) + 1e-9, $"{name}: Hutchinson mean {mean:R} ± {standardError:R}, exact {exact:R}");
    }
}
