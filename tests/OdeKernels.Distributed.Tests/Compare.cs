using System;
using System.Linq;

namespace OdeKernels.Distributed.Tests;

/// <summary>Comparisons of result arrays, bit for bit.</summary>
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
}
