using System;

namespace OdeKernels.Tests.Flows;

/// <summary>
/// The flow tests' comparison with finite differences (<see cref="FiniteDifferences"/>, shared with the dynamics
/// tests, forms them): element by element, relative to the larger of 1 and the expected value.
/// </summary>
internal static class FiniteDifference
{
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
