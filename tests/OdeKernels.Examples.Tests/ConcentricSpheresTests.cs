using System;
using OdeKernels.Examples.Datasets;

namespace OdeKernels.Examples.Tests;

/// <summary>
/// The spheres dataset of the Spheres example (Dupont et al., 2019): balanced, alternating labels, each class at its
/// radii, reproducible from its seed, and its arguments checked.
/// </summary>
public sealed class ConcentricSpheresTests
{
    [Theory]
    [InlineData(2, 101)]
    [InlineData(3, 64)]
    [InlineData(10, 33)]
    public void EachClassLiesAtItsRadiiAndTheLabelsAlternate(int dimensions, int count)
    {
        (double[] points, int[] labels) = ConcentricSpheres.Sample<double>(dimensions, count, seed: 5, r1: 0.5, r2: 1.0, r3: 1.5);
        Assert.Equal(dimensions * count, points.Length);
        Assert.Equal(count, labels.Length);
        for (int s = 0; s < count; s++)
        {
            Assert.Equal(s % 2 == 0 ? 1 : 0, labels[s]);
            double radius = Math.Sqrt(Norm2(points.AsSpan(s * dimensions, dimensions)));
            if (labels[s] == 0)
            {
                Assert.InRange(radius, 0, 0.5 + 1e-12);
            }
            else
            {
                Assert.InRange(radius, 1.0 - 1e-12, 1.5 + 1e-12);
            }
        }
    }

    [Fact]
    public void TheSeedDecidesTheSample()
    {
        (float[] first, int[] firstLabels) = ConcentricSpheres.Sample<float>(2, 16, seed: 1);
        (float[] again, int[] againLabels) = ConcentricSpheres.Sample<float>(2, 16, seed: 1);
        (float[] other, _) = ConcentricSpheres.Sample<float>(2, 16, seed: 2);
        Assert.Equal(first, again);
        Assert.Equal(firstLabels, againLabels);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void BadSizesAndRadiiAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConcentricSpheres.Sample<float>(0, 4, seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConcentricSpheres.Sample<float>(2, 0, seed: 0));
        Assert.Equal("r1", Assert.Throws<ArgumentException>(() => ConcentricSpheres.Sample<float>(2, 4, seed: 0, r1: 1.2, r2: 1.0, r3: 1.5)).ParamName);
        Assert.Equal("r1", Assert.Throws<ArgumentException>(() => ConcentricSpheres.Sample<float>(2, 4, seed: 0, r1: 0.5, r2: 1.5, r3: 1.5)).ParamName);
    }

    private static double Norm2(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += v * v;
        }

        return sum;
    }
}
