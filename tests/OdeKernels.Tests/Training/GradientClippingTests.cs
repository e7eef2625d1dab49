using System;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>Clipping by norm: returns the pre-clip norm, scales only when above the limit, never overflows.</summary>
public sealed class GradientClippingTests
{
    [Fact]
    public void ALargeGradientIsScaledToTheMaximumNorm()
    {
        float[] g = [3, 4];
        double norm = GradientClipping.ClipByNorm<float>(g, 1.0);
        Assert.Equal(5.0, norm, 1e-12);
        Assert.Equal(0.6f, g[0], 1e-6f);
        Assert.Equal(0.8f, g[1], 1e-6f);
    }

    [Fact]
    public void ASmallGradientIsLeftAlone()
    {
        double[] g = [0.3, -0.4];
        Assert.Equal(0.5, GradientClipping.ClipByNorm<double>(g, 1.0), 1e-15);
        Assert.Equal([0.3, -0.4], g);
        Assert.Equal(0.0, GradientClipping.ClipByNorm<double>(new double[3], 1.0));
    }

    [Fact]
    public void TheNormOfHugeAndTinyDoublesNeitherOverflowsNorUnderflows()
    {
        double[] huge = [3e200, 4e200];
        Assert.Equal(5e200, GradientClipping.ClipByNorm<double>(huge, 1.0), 1e188);
        Assert.Equal(1.0, Math.Sqrt((huge[0] * huge[0]) + (huge[1] * huge[1])), 1e-12);
        double[] tiny = [3e-200, 4e-200];
        Assert.Equal(5e-200, GradientClipping.ClipByNorm<double>(tiny, 1.0), 1e-212);
    }

    [Fact]
    public void FloatGradientsAreSummedInDouble()
    {
        // 2²⁴ + 1 ones: a float sum stalls at 2²⁴, the double sum does not.
        float[] g = new float[(1 << 24) + 1];
        g.AsSpan().Fill(1f);
        Assert.Equal(Math.Sqrt(g.Length), GradientClipping.ClipByNorm<float>(g, 1e9), 1e-9);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var ex = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByNorm<double>(new double[2], 0));
        Assert.Equal("maxNorm", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByNorm<double>([1, double.PositiveInfinity], 1));
        Assert.Equal("gradient", ex.ParamName);
        Assert.Contains("gradient[1] is Infinity", ex.Message);
    }
}
