using System;
using System.Numerics;

namespace OdeKernels.Flows;

/// <summary>The base distribution of a flow, N(0, I).</summary>
internal static class StandardNormal
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>log N(z; 0, I) = −½‖z‖² − (d/2) log 2π.</summary>
    public static double LogDensity<T>(ReadOnlySpan<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T x in z)
        {
            double v = double.CreateChecked(x);
            sum += v * v;
        }

        return (-0.5 * sum) - (z.Length * HalfLogTwoPi);
    }
}
