using System;
using System.Linq;

namespace OdeKernels.Distributed.Tests;

/// <summary>Comparisons of result arrays: bit for bit, or within a bound relative to the largest magnitude.</summary>
internal static class Compare
{
    public static void Bitwise(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]), $"{what}[{i}]: {actual[i]:R}, expected {expected[i]:R} bit for bit");
        }
    }

    /// <summary>|actual − expected| ≤ <paramref name="relative"/> × max |expected| componentwise, and not all zero.</summary>
    public static void Within(double[] expected, double[] actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        Assert.True(scale > 0, $"{what} is all zero: the comparison would prove nothing");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= relative * scale, $"{what}[{i}]: {actual[i]:R}, expected {expected[i]:R} within {relative * scale:E2}");
        }
    }
}
