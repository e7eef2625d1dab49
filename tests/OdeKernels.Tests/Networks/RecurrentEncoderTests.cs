using System;
using OdeKernels;

namespace OdeKernels.Tests.Networks;

/// <summary>
/// The recurrent encoder (Chen et al., 2018, §5) over a ragged batch of series of different lengths and times: its
/// result against the float64 reference cell run backwards over each series alone, and its parameter gradients
/// (backpropagation through time) against float64 central differences of the whole encoder.
/// </summary>
public sealed class RecurrentEncoderTests
{
    // Four series of 3, 1, 0 and 4 rows, observations of 2 values, irregular times.
    private static readonly int[] Offsets = [0, 3, 4, 4, 8];
    private static readonly double[] Times = [0.0, 0.3, 1.1, 0.5, -0.2, 0.1, 0.15, 0.9];

    private static double[] Values(int seed) => NetworkTestData.Uniform(new Random(seed), 8 * 2, 1.5);

    [Fact]
    public void EncodesEachSeriesBackwardsWithItsTimeGaps()
    {
        var cell = new Gru64(21);
        var head = new EncoderHead64(22);
        var encoder = new RecurrentEncoder<double>(cell, head);
        double[] values = Values(23);
        var result = new double[4 * 4];
        encoder.Encode(Offsets, Times, values, result);
        Assert.Equal(2, encoder.ObservationWidth);
        Assert.Equal(2, encoder.LatentSize);

        RecurrentReference gru = RecurrentReference.Gru(3, 5);
        double[] theta = cell.Parameters.ToArray(), w = head.Parameters.ToArray();
        for (int i = 0; i < 4; i++)
        {
            var h = new double[5];
            for (int r = Offsets[i + 1] - 1; r >= Offsets[i]; r--)
            {
                double gap = r == Offsets[i + 1] - 1 ? 0 : Times[r + 1] - Times[r];
                h = gru.Step(theta, [values[2 * r], values[(2 * r) + 1], gap, .. h]);
            }

            // The head: Dense(4) on h, weight [4, 5] then bias.
            var expected = new double[4];
            for (int o = 0; o < 4; o++)
            {
                expected[o] = w[20 + o];
                for (int j = 0; j < 5; j++)
                {
                    expected[o] += w[(o * 5) + j] * h[j];
                }
            }

            NetworkTestData.AssertClose(expected, result.AsSpan(4 * i, 4), 1e-12, $"series {i}");
        }
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var cell = new Gru64(31);
        var head = new EncoderHead64(32);
        var encoder = new RecurrentEncoder<double>(cell, head);
        double[] values = Values(33);
        double[] c = NetworkTestData.Uniform(new Random(34), 16, 1.0);
        var result = new double[16];
        encoder.Encode(Offsets, Times, values, result);

        // Backward adds into the gradients: start from known values.
        double[] dCell = NetworkTestData.Uniform(new Random(35), cell.ParameterCount, 1.0), cellStart = (double[])dCell.Clone();
        double[] dHead = NetworkTestData.Uniform(new Random(36), head.ParameterCount, 1.0), headStart = (double[])dHead.Clone();
        encoder.Backward(c, dCell, dHead);
        for (int q = 0; q < dCell.Length; q++)
        {
            dCell[q] -= cellStart[q];
        }

        for (int q = 0; q < dHead.Length; q++)
        {
            dHead[q] -= headStart[q];
        }

        NetworkTestData.AssertClose(Differences(encoder, cell, values, c), dCell, 1e-7, "cell");
        NetworkTestData.AssertClose(Differences(encoder, head, values, c), dHead, 1e-7, "head");
    }

    [Fact]
    public void InputGradientsMatchFiniteDifferences()
    {
        var cell = new Gru64(71);
        var head = new EncoderHead64(72);
        var encoder = new RecurrentEncoder<double>(cell, head);
        double[] values = Values(73), times = (double[])Times.Clone();
        double[] c = NetworkTestData.Uniform(new Random(74), 16, 1.0);
        var result = new double[16];
        encoder.Encode(Offsets, times, values, result);

        // Backward adds: start from known values; the parameter gradients of the same call must equal the old overload's.
        double[] dValues = NetworkTestData.Uniform(new Random(75), values.Length, 1.0), valuesStart = (double[])dValues.Clone();
        double[] dTimes = NetworkTestData.Uniform(new Random(76), times.Length, 1.0), timesStart = (double[])dTimes.Clone();
        var dCell = new double[cell.ParameterCount];
        encoder.Backward(c, new SeriesEncoderGradients<double> { Cell = dCell, Values = dValues, Times = dTimes });
        var dCellOld = new double[cell.ParameterCount];
        encoder.Backward(c, dCellOld, default);
        Assert.Equal(dCellOld, dCell);
        for (int q = 0; q < dValues.Length; q++)
        {
            dValues[q] -= valuesStart[q];
        }

        for (int q = 0; q < dTimes.Length; q++)
        {
            dTimes[q] -= timesStart[q];
        }

        double Value()
        {
            encoder.Encode(Offsets, times, values, result);
            return Dot(result, c);
        }

        NetworkTestData.AssertClose(Latent.LatentOdeObjectiveTests.Perturbed(values, Value), dValues, 1e-7, "values");
        NetworkTestData.AssertClose(Latent.LatentOdeObjectiveTests.Perturbed(times, Value), dTimes, 1e-7, "times");

        // A series' last time enters only its last gap, its first only its first gap; a one-row series has no gap at all.
        Assert.Equal(0.0, dTimes[3]);
        Assert.Contains(dTimes, v => Math.Abs(v) > 1e-3);
        Assert.Equal("gradients.Dynamics", Assert.Throws<ArgumentException>(() => encoder.Backward(c, new SeriesEncoderGradients<double> { Dynamics = new double[1] })).ParamName);
    }

    [Fact]
    public void RnnCellEncodesToo()
    {
        // A plain cell of input 3 (observations of 2 and the gap), hidden 2, with a head from 2 values.
        var cell = new RnnSoftplus64(41);
        var head = new IdentityNetwork<double>(2);
        var encoder = new RecurrentEncoder<double>(cell, head);
        double[] values = Values(42);
        double[] c = NetworkTestData.Uniform(new Random(43), 8, 1.0);
        var result = new double[8];
        encoder.Encode(Offsets, Times, values, result);
        var dCell = new double[cell.ParameterCount];
        encoder.Backward(c, dCell, default);
        NetworkTestData.AssertClose(Differences(encoder, cell, values, c), dCell, 1e-7, "cell");
    }

    [Fact]
    public void FloatEncoderAgreesWithDoubleAndAllocatesNothingOnceWarm()
    {
        var cell64 = new Gru64(51);
        var head64 = new EncoderHead64(52);
        var cell32 = new Gru32(System.Array.ConvertAll(cell64.Parameters.ToArray(), v => (float)v));
        var head32 = new EncoderHead32(System.Array.ConvertAll(head64.Parameters.ToArray(), v => (float)v));
        double[] values = Values(53);
        var result64 = new double[16];
        new RecurrentEncoder<double>(cell64, head64).Encode(Offsets, Times, values, result64);

        var encoder = new RecurrentEncoder<float>(cell32, head32);
        float[] values32 = System.Array.ConvertAll(values, v => (float)v), times32 = System.Array.ConvertAll(Times, v => (float)v);
        var result32 = new float[16];
        float[] c = NetworkTestData.UniformSingle(new Random(54), 16, 1.0);
        var dCell = new float[cell32.ParameterCount];
        var dHead = new float[head32.ParameterCount];
        encoder.Encode(Offsets, times32, values32, result32);
        encoder.Backward(c, dCell, dHead);
        NetworkTestData.AssertClose(result64, System.Array.ConvertAll(result32, v => (double)v), 1e-5, "float result");

        long before = GC.GetAllocatedBytesForCurrentThread();
        encoder.Encode(Offsets, times32, values32, result32);
        encoder.Backward(c, dCell, dHead);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void MalformedInputIsRefusedByName()
    {
        var encoder = new RecurrentEncoder<double>(new Gru64(1), new EncoderHead64(2));
        var result = new double[16];
        double[] values = Values(3);
        Assert.Equal("offsets", Assert.Throws<ArgumentException>(() => encoder.Encode([1, 3], Times, values, result)).ParamName);
        Assert.Equal("offsets", Assert.Throws<ArgumentException>(() => encoder.Encode([0, 3, 2], Times, values, result)).ParamName);
        double[] unordered = (double[])Times.Clone();
        unordered[2] = unordered[1];
        ArgumentException times = Assert.Throws<ArgumentException>(() => encoder.Encode(Offsets, unordered, values, result));
        Assert.Equal("times", times.ParamName);
        Assert.Contains("series 0", times.Message, StringComparison.Ordinal);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => encoder.Encode(Offsets, Times, values.AsSpan(0, 15), result)).ParamName);
        Assert.Equal("result", Assert.Throws<ArgumentException>(() => encoder.Encode(Offsets, Times, values, new double[15])).ParamName);
        Assert.Throws<InvalidOperationException>(() => new RecurrentEncoder<double>(new Gru64(1), new EncoderHead64(2)).Backward(new double[16], default, default));
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => new RecurrentEncoder<double>(new Gru64(1), new IdentityNetwork<double>(4))).ParamName);
        Assert.Equal("cell", Assert.Throws<ArgumentException>(() => new RecurrentEncoder<double>(new IdentityNetwork<double>(3), new IdentityNetwork<double>(3))).ParamName);
    }

    private static double[] Differences(RecurrentEncoder<double> encoder, INetwork<double> owner, double[] values, double[] c)
    {
        Span<double> theta = owner.Parameters;
        var gradient = new double[theta.Length];
        var result = new double[c.Length];
        for (int q = 0; q < gradient.Length; q++)
        {
            double saved = theta[q], h = 1e-6 * Math.Max(1, Math.Abs(saved));
            theta[q] = saved + h;
            encoder.Encode(Offsets, Times, values, result);
            double plus = Dot(result, c);
            theta[q] = saved - h;
            encoder.Encode(Offsets, Times, values, result);
            double minus = Dot(result, c);
            theta[q] = saved;
            gradient[q] = (plus - minus) / (2 * h);
        }

        return gradient;
    }

    private static double Dot(double[] u, double[] v)
    {
        double sum = 0;
        for (int i = 0; i < u.Length; i++)
        {
            sum += u[i] * v[i];
        }

        return sum;
    }
}
