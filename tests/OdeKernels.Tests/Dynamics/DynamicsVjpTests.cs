using System;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>The analytic vector-Jacobian products against central finite differences of the forward pass, in float64.</summary>
public sealed class DynamicsVjpTests
{
    [Theory]
    [MemberData(nameof(DynamicsTestData.DoubleNetworks), MemberType = typeof(DynamicsTestData))]
    public void VjpMatchesFiniteDifferences(string name)
    {
        IBatchedDifferentiableSystem<double> net = DynamicsTestData.Double(name, seed: 7).Network;
        var random = new Random(31);
        int n = net.StateSize, p = net.ParameterCount;
        for (int point = 0; point < 24; point++)
        {
            // Half the points large enough to saturate tanh and sigmoid (pre-activations of 10 to 40).
            double[] y = DynamicsTestData.Uniform<double>(random, n, point % 2 == 0 ? 1.0 : 3.0);
            double[] a = DynamicsTestData.Uniform<double>(random, n, 1.0);
            double t = 2 * (random.NextDouble() - 0.5);

            // Vjp adds: start from known values and subtract them afterwards.
            double[] dy = DynamicsTestData.Uniform<double>(random, n, 1.0), dyStart = (double[])dy.Clone();
            double[] dtheta = DynamicsTestData.Uniform<double>(random, p, 1.0), dthetaStart = (double[])dtheta.Clone();
            net.Vjp(t, y, a, dy, dtheta);
            for (int c = 0; c < n; c++)
            {
                dy[c] -= dyStart[c];
            }

            for (int q = 0; q < p; q++)
            {
                dtheta[q] -= dthetaStart[q];
            }

            AssertClose(FiniteDifferences.StateGradient(net, t, y, a), dy, $"{name}, point {point}, dy");
            AssertClose(FiniteDifferences.ParameterGradient(net, t, y, a), dtheta, $"{name}, point {point}, dtheta");
        }
    }

    [Theory]
    [MemberData(nameof(DynamicsTestData.DoubleNetworks), MemberType = typeof(DynamicsTestData))]
    public void VjpBatchMatchesFiniteDifferences(string name)
    {
        IBatchedDifferentiableSystem<double> net = DynamicsTestData.Double(name, seed: 8).Network;
        var random = new Random(37);
        int n = net.StateSize, count = 19, stride = 23;
        double[] t = DynamicsTestData.Uniform<double>(random, count, 1.0);
        double[] y = DynamicsTestData.Uniform<double>(random, n * stride, 2.5);
        double[] a = DynamicsTestData.Uniform<double>(random, n * stride, 1.0);
        var dy = new double[n * stride];
        var dtheta = new double[net.ParameterCount];
        net.VjpBatch(t, y, a, dy, dtheta, count, stride);

        var expectedTheta = new double[net.ParameterCount];
        for (int i = 0; i < count; i++)
        {
            double[] yi = DynamicsTestData.Lane<double>(y, i, n, stride), ai = DynamicsTestData.Lane<double>(a, i, n, stride);
            AssertClose(FiniteDifferences.StateGradient(net, t[i], yi, ai), DynamicsTestData.Lane<double>(dy, i, n, stride), $"{name}, lane {i}, dy");
            double[] laneTheta = FiniteDifferences.ParameterGradient(net, t[i], yi, ai);
            for (int q = 0; q < laneTheta.Length; q++)
            {
                expectedTheta[q] += laneTheta[q];
            }
        }

        AssertClose(expectedTheta, dtheta, $"{name}, summed dtheta");
    }

    [Fact]
    public void VjpSkipsEmptyOutputs()
    {
        var net = new SpiralNet64(seed: 4);
        double[] y = { 0.3, -1.2 }, a = { 0.7, 0.2 };
        var dyBoth = new double[2];
        var dthetaBoth = new double[net.ParameterCount];
        net.Vjp(0.5, y, a, dyBoth, dthetaBoth);

        var dyOnly = new double[2];
        net.Vjp(0.5, y, a, dyOnly, Span<double>.Empty);
        var dthetaOnly = new double[net.ParameterCount];
        net.Vjp(0.5, y, a, Span<double>.Empty, dthetaOnly);
        net.Vjp(0.5, y, a, Span<double>.Empty, Span<double>.Empty);

        Assert.Equal(dyBoth, dyOnly);
        Assert.Equal(dthetaBoth, dthetaOnly);
    }

    [Fact]
    public void ReluGradientAwayFromTheKink()
    {
        // 1 -> 3 -> 1 with hidden pre-activations y, y - 1 and -2y: every point below is at least 0.1 from a kink.
        var net = new ReluNet64(new[] { 1.0, 1.0, -2.0, 0.0, -1.0, 0.0, 0.5, -1.5, 2.0, 0.25 });
        foreach (double y in new[] { -3.0, -0.4, -0.1, 0.1, 0.35, 0.9, 1.1, 2.5 })
        {
            var dy = new double[1];
            var dtheta = new double[net.ParameterCount];
            net.Vjp(0, new[] { y }, new[] { 1.0 }, dy, dtheta);
            AssertClose(FiniteDifferences.StateGradient(net, 0, new[] { y }, new[] { 1.0 }), dy, $"y = {y}, dy");
            AssertClose(FiniteDifferences.ParameterGradient(net, 0, new[] { y }, new[] { 1.0 }), dtheta, $"y = {y}, dtheta");
        }
    }

    /// <summary>Central differences in float64 agree with the analytic product to about 1e-8 here; 1e-6 leaves room.</summary>
    internal static void AssertClose(double[] expected, double[] actual, string what) => AssertClose(expected, actual, 1e-6, what);

    /// <summary>Asserts |expected − actual| ≤ tolerance · max(1, ‖expected‖) element by element, naming the index.</summary>
    internal static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1.0, DynamicsTestData.Norm(expected));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}

/// <summary>Central finite differences of aᵀ f through the generated single-lane forward pass.</summary>
internal static class FiniteDifferences
{
    public static double[] StateGradient(IDifferentiableSystem<double> net, double t, double[] y, double[] a) =>
        StateGradient(y, yy => DynamicsTestData.Project(net, t, yy, a));

    public static double[] ParameterGradient(IDifferentiableSystem<double> net, double t, double[] y, double[] a) =>
        ParameterGradient(net, () => DynamicsTestData.Project(net, t, y, a));

    /// <summary>The gradient of <paramref name="scalar"/> at <paramref name="y"/>, one component at a time.</summary>
    public static double[] StateGradient(double[] y, Func<double[], double> scalar)
    {
        var gradient = new double[y.Length];
        for (int c = 0; c < y.Length; c++)
        {
            double h = 1e-6 * Math.Max(1.0, Math.Abs(y[c]));
            double[] plus = (double[])y.Clone(), minus = (double[])y.Clone();
            plus[c] += h;
            minus[c] -= h;
            gradient[c] = (scalar(plus) - scalar(minus)) / (plus[c] - minus[c]);
        }

        return gradient;
    }

    /// <summary>The gradient of <paramref name="scalar"/> with respect to the parameters of <paramref name="net"/>, perturbed in place and restored.</summary>
    public static double[] ParameterGradient(IDifferentiableSystem<double> net, Func<double> scalar)
    {
        Span<double> theta = net.Parameters;
        var gradient = new double[theta.Length];
        for (int q = 0; q < theta.Length; q++)
        {
            double saved = theta[q];
            double h = 1e-6 * Math.Max(1.0, Math.Abs(saved));
            theta[q] = saved + h;
            double plus = scalar();
            double up = theta[q];
            theta[q] = saved - h;
            double minus = scalar();
            gradient[q] = (plus - minus) / (up - theta[q]);
            theta[q] = saved;
        }

        return gradient;
    }
}
