using System;
using System.Globalization;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// Checks of the ragged layout shared by per-lane save times (<see cref="LaneSaveTimes{T}"/>) and batches of observed
/// series (<see cref="RecurrentEncoder{T}"/>): group i (a lane or a series) has rows [offsets[i], offsets[i + 1]), row r
/// of group i at offsets[i] + r, its time in <c>times</c>; a group's times are finite and strictly increase. Written
/// once so that both front doors accept and refuse the same layouts with the same words.
/// </summary>
internal static class RaggedSeries
{
    /// <summary>
    /// The number of series, after checking <paramref name="offsets"/>, that <paramref name="times"/> and
    /// <paramref name="values"/> hold the rows, and each series' times; the longest series' length in
    /// <paramref name="longest"/>.
    /// </summary>
    public static int Check<T>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, ReadOnlySpan<T> values, int width, out int longest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = CheckOffsets(offsets, "series");
        longest = 0;
        for (int i = 0; i < count; i++)
        {
            longest = Math.Max(longest, offsets[i + 1] - offsets[i]);
        }

        int rows = offsets[count];
        if (times.Length < rows)
        {
            throw new ArgumentException($"times has {times.Length} values, but the offsets give {rows} rows.", nameof(times));
        }

        if (values.Length < (long)rows * width)
        {
            throw new ArgumentException($"values has {values.Length} values, but {rows} rows of {width} need {(long)rows * width}.", nameof(values));
        }

        CheckTimes(offsets, times, "series", start: null);
        return count;
    }

    /// <summary>
    /// The number of groups, after checking that <paramref name="offsets"/> holds one more value than there are groups
    /// (at least one group), starts at 0 and never decreases.
    /// </summary>
    /// <param name="offsets">The row offsets.</param>
    /// <param name="group">What a group is, for the messages ("lane", "series").</param>
    public static int CheckOffsets(ReadOnlySpan<int> offsets, string group)
    {
        if (offsets.Length < 2)
        {
            throw new ArgumentException($"offsets must hold one more value than there are {group} entries (at least 2: one {group}), but its length is {offsets.Length}.", nameof(offsets));
        }

        if (offsets[0] != 0)
        {
            throw new ArgumentException($"offsets[0] must be 0, but it is {offsets[0]}.", nameof(offsets));
        }

        for (int i = 1; i < offsets.Length; i++)
        {
            if (offsets[i] < offsets[i - 1])
            {
                throw new ArgumentException($"offsets must not decrease, but offsets[{i}] = {offsets[i]} follows offsets[{i - 1}] = {offsets[i - 1]} ({group} {i - 1} would hold a negative number of rows).", nameof(offsets));
            }
        }

        return offsets.Length - 1;
    }

    /// <summary>
    /// Checks that every group's times are finite, strictly increasing and, where <paramref name="start"/> is given,
    /// not before it (lanes integrate forwards from it).
    /// </summary>
    /// <param name="offsets">The row offsets, already checked.</param>
    /// <param name="times">The rows' times.</param>
    /// <param name="group">What a group is, for the messages.</param>
    /// <param name="start">The earliest allowed time, or <see langword="null"/> for none.</param>
    public static void CheckTimes<T>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, string group, T? start)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i + 1 < offsets.Length; i++)
        {
            for (int k = offsets[i]; k < offsets[i + 1]; k++)
            {
                int r = k - offsets[i];
                T t = times[k];
                if (!T.IsFinite(t))
                {
                    throw new ArgumentException($"Times must be finite, but {group} {i} time {r} (times[{k}]) is {Format(t)}.", nameof(times));
                }

                if (start is { } first && t < first)
                {
                    throw new ArgumentException($"No save time may precede start = {Format(first)} (lanes integrate forwards from it), but {group} {i} time {r} (times[{k}]) is {Format(t)}.", nameof(times));
                }

                if (r > 0 && !(t > times[k - 1]))
                {
                    throw new ArgumentException($"Each {group}'s times must be strictly increasing, but {group} {i} time {r} (times[{k}]) = {Format(t)} follows time {r - 1} = {Format(times[k - 1])}.", nameof(times));
                }
            }
        }
    }

    private static string Format<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> => value.ToString("R", CultureInfo.InvariantCulture);
}
