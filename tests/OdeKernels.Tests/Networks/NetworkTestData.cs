using System;
using OdeKernels;

namespace OdeKernels.Tests.Networks;

/// <summary>The double networks of the tests, each with its plain reference.</summary>
internal static class NetworkTestData
{
    public static TheoryData<string> DoubleNetworks => new() { "Residual", "EdgeBlocks", "Plain" };

    public static (INetwork<double> Network, PlainNetwork Reference) Double(string name, int seed) => name switch
    {
        "Residual" => (new ResidualNet64(seed), PlainNetwork.ResidualNet),
        "EdgeBlocks" => (new EdgeBlocksNet64(seed), PlainNetwork.EdgeBlocks),
        "Plain" => (new PlainNet64(seed), PlainNetwork.Plain),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static double[] Uniform(Random random, int count, double scale)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = scale * ((2 * random.NextDouble()) - 1);
        }

        return values;
    }

    public static float[] UniformSingle(Random random, int count, double scale) => Array.ConvertAll(Uniform(random, count, scale), v => (float)v);

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            Assert.True(error <= tolerance * (1 + Math.Abs(expected[i])), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (error {error:E2}).");
        }
    }
}
