using OdeKernels.Examples.Datasets;

namespace OdeKernels.Examples.Spiral;

/// <summary>
/// The training data of the spiral example: <see cref="SpiralTruth"/> from u(0) = [2, 0], saved at evenly spaced
/// times on [0, 1.5].
/// </summary>
internal static class SpiralData
{
    public const double End = 1.5;

    /// <summary>The save times and the states there, time-major (component after component).</summary>
    public static (float[] Times, float[] States) Generate(int points)
    {
        double[] saveAt = new double[points];
        for (int j = 0; j < points; j++)
        {
            saveAt[j] = End * j / (points - 1);
        }

        return SpiralTruth.Sample([2.0, 0.0], saveAt);
    }
}
