using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>The save times as the integrators compare and interpolate them: in double, whatever the state's type.</summary>
internal static class SaveTimes
{
    /// <summary>Returns <paramref name="saveAt"/> converted to double.</summary>
    public static double[] InDouble<T>(ReadOnlySpan<T> saveAt)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var save = new double[saveAt.Length];
        for (int j = 0; j < save.Length; j++)
        {
            save[j] = double.CreateTruncating(saveAt[j]);
        }

        return save;
    }
}
