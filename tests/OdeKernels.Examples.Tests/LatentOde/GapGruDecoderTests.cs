using System;
using OdeKernels.Examples.LatentOde;

namespace OdeKernels.Examples.Tests.LatentOde;

/// <summary>
/// The RNN baseline's decoder: backpropagation through time over ragged series (3, 0 and 4 outputs at their own
/// times) against float64 central differences of L = Σ w · prediction, for z0 and every network's parameters; and its
/// first step sees the gap from z0's time 0.
/// </summary>
public sealed class GapGruDecoderTests
{
    private static readonly int[] Offsets = [0, 3, 3, 7];
    private static readonly double[] Times = [0.1, 0.35, 0.9, 0.0, 0.2, 0.25, 1.1];

    private static (GapStart64 Start, GapCell64 Cell, GapReadout64 Readout, GapGruDecoder<double> Decoder) Create()
    {
        var start = new GapStart64(1);
        var cell = new GapCell64(2);
        var readout = new GapReadout64(3);
        return (start, cell, readout, new GapGruDecoder<double>(start, cell, readout));
    }

    [Fact]
    public void TheGradientMatchesCentralDifferences()
    {
        (GapStart64 start, GapCell64 cell, GapReadout64 readout, GapGruDecoder<double> decoder) = Create();
        var random = new Random(4);
        double[] z0 = Uniform(random, 3 * 3), weights = Uniform(random, 7 * 2);
        double Loss()
        {
            var predictions = new double[14];
            decoder.Forward(z0, Offsets, Times, predictions);
            double total = 0;
            for (int k = 0; k < predictions.Length; k++)
            {
                total += weights[k] * predictions[k];
            }

            return total;
        }

        _ = Loss();
        var dz0 = new double[z0.Length];
        var dStart = new double[start.ParameterCount];
        var dCell = new double[cell.ParameterCount];
        var dReadout = new double[readout.ParameterCount];
        decoder.Backward(weights, dz0, dStart, dCell, dReadout);

        AssertClose(CentralDifferences.Of(z0, Loss), dz0, "z0");
        AssertClose(CentralDifferences.Of(start.Parameters, Loss), dStart, "start");
        AssertClose(CentralDifferences.Of(cell.Parameters, Loss), dCell, "cell");
        AssertClose(CentralDifferences.Of(readout.Parameters, Loss), dReadout, "readout");
    }

    [Fact]
    public void EachStepTakesTheGapSinceTheLastOutputAndZ0sTimeIsZero()
    {
        (GapStart64 start, GapCell64 cell, GapReadout64 readout, GapGruDecoder<double> decoder) = Create();
        var random = new Random(5);
        double[] z0 = Uniform(random, 3);
        var predictions = new double[4];
        decoder.Forward(z0, [0, 2], [0.3, 0.8], predictions);

        // The same two steps by hand: h₀ = start(z0), h₁ = cell([0.3 ; h₀]), h₂ = cell([0.5 ; h₁]).
        var h = new double[4];
        start.Forward(z0, h, 1);
        var expected = new double[4];
        foreach ((double gap, int row) in new[] { (0.3, 0), (0.8 - 0.3, 1) })
        {
            var next = new double[4];
            cell.Forward([gap, .. h], next, 1);
            h = next;
            readout.Forward(h, expected.AsSpan(row * 2, 2), 1);
        }

        Assert.Equal(expected, predictions);
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int q = 0; q < expected.Length; q++)
        {
            Assert.True(Math.Abs(expected[q] - actual[q]) <= 1e-6 * (1 + Math.Abs(expected[q])), $"{what}[{q}]: finite differences {expected[q]:R}, backward {actual[q]:R}");
        }

        Assert.Contains(actual, g => g != 0);
    }

    private static double[] Uniform(Random random, int count)
    {
        var values = new double[count];
        for (int k = 0; k < count; k++)
        {
            values[k] = (2 * random.NextDouble()) - 1;
        }

        return values;
    }
}

/// <summary>The test decoder's start: z0 (3) → h₀ (4).</summary>
[Network(Inputs = 3, Precision = typeof(double))]
[Dense(4, Activation.Tanh)]
public partial class GapStart64
{
}

/// <summary>The test decoder's cell: [Δt ; h] → h, hidden 4.</summary>
[Network(Inputs = 1, Precision = typeof(double))]
[Gru(4)]
public partial class GapCell64
{
}

/// <summary>The test decoder's readout: h (4) → 2.</summary>
[Network(Inputs = 4, Precision = typeof(double))]
[Dense(3, Activation.Tanh)]
[Dense(2)]
public partial class GapReadout64
{
}
