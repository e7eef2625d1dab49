using System;

namespace OdeKernels.Testing;

/// <summary>Float64 central differences, the independent reference of the gradient tests.</summary>
internal static class CentralDifferences
{
    /// <summary>
    /// The gradient of <paramref name="value"/> with respect to <paramref name="theta"/> by central differences, each
    /// value perturbed in place by h = 1e-5 · max(1, |θ|) and restored.
    /// </summary>
    /// <param name="theta">The variables (a network's parameters or an input), perturbed in place.</param>
    /// <param name="value">The function, reading <paramref name="theta"/> where it lives.</param>
    /// <returns>The gradient.</returns>
    public static double[] Of(Span<double> theta, Func<double> value)
    {
        var gradient = new double[theta.Length];
        for (int q = 0; q < theta.Length; q++)
        {
            double saved = theta[q], h = 1e-5 * Math.Max(1.0, Math.Abs(saved));
            theta[q] = saved + h;
            double plus = value();
            theta[q] = saved - h;
            double minus = value();
            theta[q] = saved;
            gradient[q] = (plus - minus) / (2 * h);
        }

        return gradient;
    }
}
