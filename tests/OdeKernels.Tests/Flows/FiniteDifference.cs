using System;

namespace OdeKernels.Tests.Flows;

/// <summary>Central finite differences in float64 of a scalar that reads <c>x</c> (perturbed in place and restored).</summary>
internal static class FiniteDifference
{
    public static double[] Gradient(Func<double> loss, Span<double> x, double eps = 1e-6)
    {
        var g = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            double keep = x[k];
            x[k] = keep + eps;
            double plus = loss();
            x[k] = keep - eps;
            double minus = loss();
            x[k] = keep;
            g[k] = (plus - minus) / (2 * eps);
        }

        return g;
    }

    /// <summary>Asserts |expected − actual| ≤ tolerance · max(1, |expected|) element by element, naming the index.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            double scale = Math.Max(1, Math.Abs(expected[k]));
            Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance * scale, $"{what}[{k}]: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }
}
