using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// Checks of a batch of time series in the ragged layout: series i has rows [offsets[i], offsets[i + 1]), row r of
/// series i at offsets[i] + r, its time in <c>times</c> and its values (a fixed width each) in <c>values</c>; a
/// series' times strictly increase. The layout of per-lane save times, so one batch serves both.
/// </summary>
internal static class RaggedSeries
{
    /// <summary>
    /// The number of series, after checking that <paramref name="offsets"/> (one more than the series) start at 0 and
    /// never decrease, that <paramref name="times"/> and <paramref name="values"/> hold the rows, and that each
    /// series' times are finite and strictly increasing; the longest series' length in <paramref name="longest"/>.
    /// </summary>
    public static int Check<T>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, ReadOnlySpan<T> values, int width, out int longest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (offsets.Length == 0 || offsets[0] != 0)
        {
            throw new ArgumentException(offsets.Length == 0
                ? "offsets is empty; it holds one more value than there are series, starting at 0."
                : $"offsets[0] is {offsets[0]}; the first series starts at row 0.", nameof(offsets));
        }

        int count = offsets.Length - 1;
        longest = 0;
        for (int i = 0; i < count; i++)
        {
            int length = offsets[i + 1] - offsets[i];
            if (length < 0)
            {
                throw new ArgumentException($"offsets[{i + 1}] is {offsets[i + 1]}, below offsets[{i}] = {offsets[i]}; offsets never decrease.", nameof(offsets));
            }

            longest = Math.Max(longest, length);
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

        for (int i = 0; i < count; i++)
        {
            for (int r = offsets[i]; r < offsets[i + 1]; r++)
            {
                if (!T.IsFinite(times[r]) || (r > offsets[i] && times[r] <= times[r - 1]))
                {
                    throw new ArgumentException($"times[{r}] is {times[r]} (row {r - offsets[i]} of series {i}); a series' times are finite and strictly increasing.", nameof(times));
                }
            }
        }

        return count;
    }
}
