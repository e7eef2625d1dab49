using System;

namespace OdeKernels.Benchmarks.Report;

/// <summary>The least-squares line through (log x, log y): cost ∝ x^Slope, so a slope of 1 is linear growth.</summary>
internal static class LogLogFit
{
    /// <summary>The slope of log y against log x by ordinary least squares (at least two distinct x).</summary>
    public static double Slope(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length < 2)
        {
            throw new ArgumentException($"A slope needs at least two points with as many y as x, but x has {x.Length} and y {y.Length}.", nameof(y));
        }

        double mx = 0, my = 0;
        for (int i = 0; i < x.Length; i++)
        {
            mx += Math.Log(x[i]);
            my += Math.Log(y[i]);
        }

        mx /= x.Length;
        my /= x.Length;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = Math.Log(x[i]) - mx;
            sxy += dx * (Math.Log(y[i]) - my);
            sxx += dx * dx;
        }

        return sxy / sxx;
    }
}
