using System;
using OdeKernels;
using OdeKernels.Tests.Dynamics;
using static OdeKernels.Tests.Divergence.DivergenceTestData;
using static OdeKernels.Tests.Dynamics.DynamicsVjpTests;

namespace OdeKernels.Tests.Divergence;

/// <summary>
/// The generated divergence, Jacobian–vector products and the vector–Jacobian products of both, against float64
/// central finite differences of f (and of the scalars aᵀf + b·tr ∂f/∂y and aᵀf + Σᵣ wᵣᵀ J vᵣ), for every test
/// network (<see cref="DivergenceTestData.DoubleNetworks"/>).
/// </summary>
public sealed class DivergenceGradientTests
{
    /// <summary>Differences of f agree with the forward-mode values to about 1e-9 here; 1e-6 leaves room.</summary>
    private const double Tolerance = 1e-6;

    [Theory]
    [MemberData(nameof(DivergenceTestData.DoubleNetworks), MemberType = typeof(DivergenceTestData))]
    public void DivergenceMatchesFiniteDifferences(string name)
    {
        IDivergenceSystem<double> net = Double(name, seed: 3);
        var random = new Random(41);
        for (int point = 0; point < 16; point++)
        {
            double[] y = DynamicsTestData.Uniform<double>(random, net.StateSize, point % 2 == 0 ? 1.0 : 2.5);
            double t = DynamicsTestData.Uniform<double>(random, 1, 1.0)[0];
            double expected = DivergenceByDifferences(net, t, y);

            AssertClose(new[] { expected }, new[] { ExactDivergence(net, t, y) }, Tolerance, $"{name}, point {point}, divergence");
            AssertClose(F(net, t, y), EvaluateWithDivergence(net, t, y).F, 0, $"{name}, point {point}, f beside the divergence");
        }
    }

    [Theory]
    [MemberData(nameof(DivergenceTestData.DoubleNetworks), MemberType = typeof(DivergenceTestData))]
    public void JvpMatchesFiniteDifferences(string name)
    {
        IDivergenceSystem<double> net = Double(name, seed: 4);
        var random = new Random(43);
        int n = net.StateSize, m = n + 2; // more directions than one block holds
        for (int point = 0; point < 8; point++)
        {
            double[] y = DynamicsTestData.Uniform<double>(random, n, 2.0);
            double t = DynamicsTestData.Uniform<double>(random, 1, 1.0)[0];
            double[] v = DynamicsTestData.Uniform<double>(random, m * n, 1.0);
            double[] jv = Jvp(net, t, y, v, m);
            for (int r = 0; r < m; r++)
            {
                AssertClose(JvByDifferences(net, t, y, v.AsSpan(r * n, n).ToArray()), jv.AsSpan(r * n, n), Tolerance, $"{name}, point {point}, J v{r}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DivergenceTestData.DoubleNetworks), MemberType = typeof(DivergenceTestData))]
    public void DivergenceVjpMatchesFiniteDifferences(string name)
    {
        IDivergenceSystem<double> net = Double(name, seed: 5);
        var random = new Random(47);
        int n = net.StateSize;
        for (int point = 0; point < (name == "Wide" ? 1 : 8); point++)
        {
            double[] y = DynamicsTestData.Uniform<double>(random, n, 2.0);
            double t = DynamicsTestData.Uniform<double>(random, 1, 1.0)[0];
            double[] a = DynamicsTestData.Uniform<double>(random, n, 1.0);
            double b = DynamicsTestData.Uniform<double>(random, 1, 1.0)[0];
            (double[] dyExpected, double[] dthetaExpected) = Gradients(net, y, yy => Dot(a, F(net, t, yy)) + (b * ExactDivergence(net, t, yy)));

            // The product adds: start from known values and subtract them afterwards.
            double[] dy = DynamicsTestData.Uniform<double>(random, n, 1.0), dyStart = (double[])dy.Clone();
            double[] dtheta = DynamicsTestData.Uniform<double>(random, net.ParameterCount, 1.0), dthetaStart = (double[])dtheta.Clone();
            net.DivergenceVjpBatch(new[] { t }, y, a, new[] { b }, dy, dtheta, 1, 1);

            AssertClose(dyExpected, Minus(dy, dyStart), Tolerance, $"{name}, point {point}, dy");
            AssertClose(dthetaExpected, Minus(dtheta, dthetaStart), Tolerance, $"{name}, point {point}, dtheta");
        }
    }

    [Theory]
    [MemberData(nameof(DivergenceTestData.DoubleNetworks), MemberType = typeof(DivergenceTestData))]
    public void JvpVjpMatchesFiniteDifferences(string name)
    {
        IDivergenceSystem<double> net = Double(name, seed: 6);
        var random = new Random(53);
        int n = net.StateSize, m = n + 1;
        for (int point = 0; point < (name == "Wide" ? 1 : 6); point++)
        {
            double[] y = DynamicsTestData.Uniform<double>(random, n, 2.0);
            double t = DynamicsTestData.Uniform<double>(random, 1, 1.0)[0];
            double[] a = DynamicsTestData.Uniform<double>(random, n, 1.0);
            double[] v = DynamicsTestData.Uniform<double>(random, m * n, 1.0);
            double[] w = DynamicsTestData.Uniform<double>(random, m * n, 1.0);
            (double[] dyExpected, double[] dthetaExpected) = Gradients(net, y, yy => Dot(a, F(net, t, yy)) + Dot(w, Jvp(net, t, yy, v, m)));

            var dy = new double[n];
            var dtheta = new double[net.ParameterCount];
            net.JvpVjpBatch(new[] { t }, y, v, a, w, dy, dtheta, m, 1, 1);

            AssertClose(dyExpected, dy, Tolerance, $"{name}, point {point}, dy");
            AssertClose(dthetaExpected, dtheta, Tolerance, $"{name}, point {point}, dtheta");
        }
    }

    [Theory]
    [MemberData(nameof(DivergenceTestData.DoubleNetworks), MemberType = typeof(DivergenceTestData))]
    public void BatchedDivergenceVjpIsTheSumOfItsLanes(string name)
    {
        IDivergenceSystem<double> net = Double(name, seed: 7);
        var random = new Random(59);
        int n = net.StateSize, count = 19, stride = 23;
        double[] t = DynamicsTestData.Uniform<double>(random, count, 1.0);
        double[] y = DynamicsTestData.Uniform<double>(random, n * stride, 2.0);
        double[] a = DynamicsTestData.Uniform<double>(random, n * stride, 1.0);
        double[] b = DynamicsTestData.Uniform<double>(random, count, 1.0);
        var dtheta = new double[net.ParameterCount];
        net.DivergenceVjpBatch(t, y, a, b, Span<double>.Empty, dtheta, count, stride);

        var sum = new double[net.ParameterCount];
        for (int i = 0; i < count; i++)
        {
            net.DivergenceVjpBatch(t.AsSpan(i, 1), DynamicsTestData.Lane<double>(y, i, n, stride), DynamicsTestData.Lane<double>(a, i, n, stride), b.AsSpan(i, 1), Span<double>.Empty, sum, 1, 1);
        }

        AssertClose(sum, dtheta, 1e-12, $"{name}, summed dtheta");
    }

    [Fact]
    public void SingleLaneDivergenceIsTheBatchsLane()
    {
        var net = new DivergencePointwise64(seed: 8);
        double[] y = { 0.4, -1.1, 0.7 };

        Assert.Equal(ExactDivergence(net, 0.25, y), net.Divergence(0.25, y));
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        var net = new DivergenceTime64(seed: 9);
        double[] t = { 0, 0 }, y = new double[4], f = new double[4];

        Assert.Equal("divergence", Assert.Throws<ArgumentException>(() => net.EvaluateWithDivergenceBatch(t, y, f, new double[1], 2, 2)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => net.DivergenceVjpBatch(t, y, y, new double[1], new double[4], default, 2, 2)).ParamName);
        Assert.Equal("tangents", Assert.Throws<ArgumentOutOfRangeException>(() => net.EvaluateWithJvpBatch(t, y, y, f, y, 0, 2, 2)).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => net.EvaluateWithJvpBatch(t, y, new double[7], f, new double[8], 2, 2, 2)).ParamName);
        Assert.Equal("w", Assert.Throws<ArgumentException>(() => net.JvpVjpBatch(t, y, new double[8], y, new double[7], new double[4], default, 2, 2, 2)).ParamName);
        Assert.Equal("dtheta", Assert.Throws<ArgumentException>(() => net.DivergenceVjpBatch(t, y, y, t, default, new double[1], 2, 2)).ParamName);
    }

    private static (double[] F, double Divergence) EvaluateWithDivergence(IDivergenceSystem<double> net, double t, double[] y)
    {
        var f = new double[net.StateSize];
        var divergence = new double[1];
        net.EvaluateWithDivergenceBatch(new[] { t }, y, f, divergence, 1, 1);
        return (f, divergence[0]);
    }

    private static double[] Minus(double[] after, double[] before)
    {
        var difference = new double[after.Length];
        for (int i = 0; i < after.Length; i++)
        {
            difference[i] = after[i] - before[i];
        }

        return difference;
    }
}
