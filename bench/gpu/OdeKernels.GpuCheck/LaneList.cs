using System;
using System.Globalization;
using OdeKernels.Terminal;

namespace OdeKernels.GpuCheck;

/// <summary>Parses a comma-separated list of lane counts (<c>--lanes 1024,65536,1048576</c>).</summary>
internal static class LaneList
{
    /// <summary>The counts, in the order given.</summary>
    /// <exception cref="UsageException">An entry is not a positive integer; the message names the option and the entry.</exception>
    public static int[] Parse(string text, string option)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var counts = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]) || counts[i] < 1)
            {
                throw new UsageException($"{option}: '{parts[i]}' in '{text}' is not a positive lane count (give e.g. 1024,65536,1048576).");
            }
        }

        return counts;
    }
}
