using System;

namespace OdeKernels.Tests.Dynamics;

/// <summary>
/// A network too wide for per-lane parameter gradients (<see cref="WideNet64"/>): each tile adds its lanes' sums into
/// dtheta. Its parameter gradient is checked against finite differences on a sample of parameters (every kind: weights,
/// time columns, biases, of every layer) and, for a batch, against the sum of single-lane gradients.
/// </summary>
public sealed class DynamicsWideVjpTests
{
    [Fact]
    public void ParameterGradientMatchesFiniteDifferences()
    {
        var net = new WideNet64(seed: 9);
        var random = new Random(17);
        double[] y = DynamicsTestData.Uniform<double>(random, 3, 1.5), a = DynamicsTestData.Uniform<double>(random, 3, 1.0);
        const double t = 0.375;
        var dy = new double[3];
        var dtheta = new double[net.ParameterCount];
        net.Vjp(t, y, a, dy, dtheta);

        Span<double> theta = net.Parameters;
        foreach (int q in SampledParameters(random, theta.Length))
        {
            double saved = theta[q], h = 1e-6 * Math.Max(1.0, Math.Abs(saved));
            theta[q] = saved + h;
            double plus = DynamicsTestData.Project(net, t, y, a);
            theta[q] = saved - h;
            double minus = DynamicsTestData.Project(net, t, y, a);
            theta[q] = saved;
            double expected = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(dtheta[q] - expected) <= 1e-6 * Math.Max(1.0, Math.Abs(expected)), $"dtheta[{q}] = {dtheta[q]:R}, finite differences {expected:R}");
        }

        double[] fd = FiniteDifferences.StateGradient(net, t, y, a);
        for (int c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(dy[c] - fd[c]) <= 1e-6 * Math.Max(1.0, Math.Abs(fd[c])), $"dy[{c}] = {dy[c]:R}, finite differences {fd[c]:R}");
        }
    }

    [Fact]
    public void BatchedParameterGradientIsTheSumOverLanes()
    {
        var net = new WideNet64(seed: 10);
        var random = new Random(19);
        const int Count = 21, Stride = 23;
        double[] t = DynamicsTestData.Uniform<double>(random, Count, 1.0);
        double[] y = DynamicsTestData.Uniform<double>(random, 3 * Stride, 2.0), a = DynamicsTestData.Uniform<double>(random, 3 * Stride, 1.0);
        var dy = new double[3 * Stride];
        var dtheta = new double[net.ParameterCount];
        net.VjpBatch(t, y, a, dy, dtheta, Count, Stride);

        var expected = new double[net.ParameterCount];
        for (int i = 0; i < Count; i++)
        {
            var dyLane = new double[3];
            var lane = new double[net.ParameterCount];
            net.Vjp(t[i], DynamicsTestData.Lane<double>(y, i, 3, Stride), DynamicsTestData.Lane<double>(a, i, 3, Stride), dyLane, lane);
            Assert.Equal(dyLane, DynamicsTestData.Lane<double>(dy, i, 3, Stride));
            for (int q = 0; q < lane.Length; q++)
            {
                expected[q] += lane[q];
            }
        }

        double scale = DynamicsTestData.Norm(expected);
        for (int q = 0; q < expected.Length; q++)
        {
            Assert.True(Math.Abs(dtheta[q] - expected[q]) <= 1e-13 * scale, $"dtheta[{q}] = {dtheta[q]:R}, sum over lanes {expected[q]:R}");
        }
    }

    /// <summary>The first and last weight, time column and bias of each layer, and random others.</summary>
    private static int[] SampledParameters(Random random, int count)
    {
        // Layer 1: weight [192, 4] at 0, bias at 768; layer 2: weight [192, 193] at 960, bias at 38016; layer 3: weight [3, 193] at 38208, bias at 38787.
        int[] edges = { 0, 3, 767, 768, 959, 960, 960 + 192, 38015, 38016, 38207, 38208, 38208 + 192, 38786, 38787, 38789 };
        var sample = new int[edges.Length + 40];
        edges.CopyTo(sample, 0);
        for (int i = edges.Length; i < sample.Length; i++)
        {
            sample[i] = random.Next(count);
        }

        return sample;
    }
}
