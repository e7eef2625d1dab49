using System;
using OdeKernels.Examples.Datasets;
using OdeKernels.Training;

namespace OdeKernels.Examples.LatentOde;

/// <summary>
/// Irregularly observed 2-D series in the ragged layout the recurrent encoder and per-lane save times take: row r of
/// series i at <c>Offsets[i] + r</c>, its time in <see cref="Times"/> and its two values in <see cref="Values"/>.
/// </summary>
/// <param name="Offsets">Series + 1 values, from 0, never decreasing.</param>
/// <param name="Times">The time of each row, strictly increasing within a series.</param>
/// <param name="Values">Two values per row.</param>
/// <remarks>Thread safety: immutable by convention (the arrays are not copied); safe to read from any number of threads.</remarks>
public sealed record ObservedSeries(int[] Offsets, float[] Times, float[] Values)
{
    /// <summary>The values per row.</summary>
    public const int Width = 2;

    /// <summary>The number of series.</summary>
    public int Count => Offsets.Length - 1;

    /// <summary>The number of rows of series <paramref name="series"/>.</summary>
    /// <param name="series">The series.</param>
    /// <returns>Its row count.</returns>
    public int Rows(int series) => Offsets[series + 1] - Offsets[series];

    /// <summary>
    /// The noisy spirals of <paramref name="set"/> observed at the grid points <paramref name="observed"/> gives per
    /// series (strictly increasing indices into the window).
    /// </summary>
    /// <param name="set">The spirals.</param>
    /// <param name="observed">One index array per series.</param>
    /// <returns>The observations.</returns>
    /// <exception cref="ArgumentException">There is not one index array per series.</exception>
    public static ObservedSeries FromSpirals(SpiralSet set, int[][] observed)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(observed);
        if (observed.Length != set.Count)
        {
            throw new ArgumentException($"observed has {observed.Length} index arrays for {set.Count} series.", nameof(observed));
        }

        var offsets = new int[set.Count + 1];
        for (int i = 0; i < set.Count; i++)
        {
            offsets[i + 1] = offsets[i] + observed[i].Length;
        }

        var times = new float[offsets[^1]];
        var values = new float[offsets[^1] * Width];
        int points = set.Times.Length;
        for (int i = 0; i < set.Count; i++)
        {
            for (int r = 0; r < observed[i].Length; r++)
            {
                int k = observed[i][r], row = offsets[i] + r;
                times[row] = (float)set.Times[k];
                values[row * Width] = (float)set.Noisy[((i * points) + k) * Width];
                values[(row * Width) + 1] = (float)set.Noisy[(((i * points) + k) * Width) + 1];
            }
        }

        return new ObservedSeries(offsets, times, values);
    }

    /// <summary>
    /// Subsamples every series of <paramref name="set"/> at a number of window points drawn from
    /// <paramref name="counts"/> (one draw per series, then <see cref="ChenSpirals.Subsample"/>), all from one stream.
    /// </summary>
    /// <param name="set">The spirals.</param>
    /// <param name="counts">The possible numbers of observations (each in [1, window]).</param>
    /// <param name="seed">The seed of the stream.</param>
    /// <returns>The observations.</returns>
    public static ObservedSeries Subsampled(SpiralSet set, int[] counts, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfZero(counts.Length);
        var random = new TrainingRandom(seed);
        var observed = new int[set.Count][];
        for (int i = 0; i < set.Count; i++)
        {
            int n = counts.Length == 1 ? counts[0] : counts[random.NextInt32(counts.Length)];
            observed[i] = ChenSpirals.Subsample(set.Observed, n, random);
        }

        return FromSpirals(set, observed);
    }

    /// <summary>The series <paramref name="series"/> lists, in that order (a minibatch; repeats allowed).</summary>
    /// <param name="series">Indices of series.</param>
    /// <returns>A new set of those series.</returns>
    public ObservedSeries Select(ReadOnlySpan<int> series)
    {
        var offsets = new int[series.Length + 1];
        for (int j = 0; j < series.Length; j++)
        {
            offsets[j + 1] = offsets[j] + Rows(series[j]);
        }

        var times = new float[offsets[^1]];
        var values = new float[offsets[^1] * Width];
        for (int j = 0; j < series.Length; j++)
        {
            int from = Offsets[series[j]], n = Rows(series[j]);
            Times.AsSpan(from, n).CopyTo(times.AsSpan(offsets[j]));
            Values.AsSpan(from * Width, n * Width).CopyTo(values.AsSpan(offsets[j] * Width));
        }

        return new ObservedSeries(offsets, times, values);
    }

    /// <summary>Every series at the same times <paramref name="grid"/>, without values (the layout of a prediction).</summary>
    /// <param name="count">The number of series.</param>
    /// <param name="grid">The times.</param>
    /// <returns>The offsets and times.</returns>
    public static (int[] Offsets, float[] Times) OnGrid(int count, double[] grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var offsets = new int[count + 1];
        var times = new float[count * grid.Length];
        for (int i = 0; i < count; i++)
        {
            offsets[i + 1] = offsets[i] + grid.Length;
            for (int k = 0; k < grid.Length; k++)
            {
                times[offsets[i] + k] = (float)grid[k];
            }
        }

        return (offsets, times);
    }
}
