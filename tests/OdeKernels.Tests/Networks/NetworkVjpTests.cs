using System;
using OdeKernels;

namespace OdeKernels.Tests.Networks;

/// <summary>The generated vector-Jacobian products against central finite differences of the forward pass, in float64.</summary>
public sealed class NetworkVjpTests
{
    [Theory]
    [MemberData(nameof(NetworkTestData.DoubleNetworks), MemberType = typeof(NetworkTestData))]
    public void VjpMatchesFiniteDifferences(string name)
    {
        (INetwork<double> net, _) = NetworkTestData.Double(name, seed: 7);
        var random = new Random(13);
        int n = net.Inputs, m = net.Outputs, p = net.ParameterCount;
        for (int point = 0; point < 12; point++)
        {
            double[] x = NetworkTestData.Uniform(random, n, point % 2 == 0 ? 1.0 : 2.5);
            double[] a = NetworkTestData.Uniform(random, m, 1.0);

            // Vjp adds: start from known values and subtract them afterwards.
            double[] dx = NetworkTestData.Uniform(random, n, 1.0), dxStart = (double[])dx.Clone();
            double[] dtheta = NetworkTestData.Uniform(random, p, 1.0), dthetaStart = (double[])dtheta.Clone();
            net.Vjp(x, a, dx, dtheta, 1);
            for (int i = 0; i < n; i++)
            {
                dx[i] -= dxStart[i];
            }

            for (int q = 0; q < p; q++)
            {
                dtheta[q] -= dthetaStart[q];
            }

            NetworkTestData.AssertClose(InputGradient(net, x, a), dx, 1e-7, $"{name}, point {point}, dx");
            NetworkTestData.AssertClose(ParameterGradient(net, x, a), dtheta, 1e-7, $"{name}, point {point}, dtheta");
        }
    }

    [Theory]
    [MemberData(nameof(NetworkTestData.DoubleNetworks), MemberType = typeof(NetworkTestData))]
    public void ParameterGradientAloneEqualsTheJointOne(string name)
    {
        (INetwork<double> net, _) = NetworkTestData.Double(name, seed: 9);
        var random = new Random(17);
        const int Count = 21;
        double[] x = NetworkTestData.Uniform(random, Count * net.Inputs, 1.5);
        double[] a = NetworkTestData.Uniform(random, Count * net.Outputs, 1.0);
        var dx = new double[x.Length];
        var both = new double[net.ParameterCount];
        var alone = new double[net.ParameterCount];
        var dxAlone = new double[x.Length];
        net.Vjp(x, a, dx, both, Count);
        net.Vjp(x, a, default, alone, Count);
        net.Vjp(x, a, dxAlone, default, Count);
        Assert.Equal(both, alone);
        Assert.Equal(dx, dxAlone);
    }

    private static double[] InputGradient(INetwork<double> net, double[] x, double[] a)
    {
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            gradient[i] = (Dot(net, plus, a) - Dot(net, minus, a)) / (plus[i] - minus[i]);
        }

        return gradient;
    }

    private static double[] ParameterGradient(INetwork<double> net, double[] x, double[] a)
    {
        var gradient = new double[net.ParameterCount];
        Span<double> theta = net.Parameters;
        for (int q = 0; q < gradient.Length; q++)
        {
            double saved = theta[q], h = 1e-6 * Math.Max(1, Math.Abs(saved));
            theta[q] = saved + h;
            double plus = Dot(net, x, a);
            theta[q] = saved - h;
            double minus = Dot(net, x, a);
            theta[q] = saved;
            gradient[q] = (plus - minus) / (2 * h);
        }

        return gradient;
    }

    /// <summary>a·f(x) for one sample: the scalar whose gradient the VJP is.</summary>
    internal static double Dot(INetwork<double> net, double[] x, double[] a)
    {
        var y = new double[net.Outputs];
        net.Forward(x, y, 1);
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += a[i] * y[i];
        }

        return sum;
    }
}
