using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OdeKernels.Benchmarks.Report;

/// <summary>Number formatting (always invariant culture) and Markdown tables for the report.</summary>
internal static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A rate in millions per second with three significant digits, e.g. "12.3 M/s".</summary>
    public static string Rate(double perSecond) => Significant(perSecond / 1e6, 3) + " M/s";

    /// <summary>A throughput in millions of lane-steps per second, e.g. "6.46 M lane-steps/s".</summary>
    public static string LaneSteps(double perSecond) => Significant(perSecond / 1e6, 3) + " M lane-steps/s";

    /// <summary>A duration with a unit that keeps it readable (ns, µs, ms or s).</summary>
    public static string Seconds(double s) => s switch
    {
        < 1e-6 => Significant(s * 1e9, 3) + " ns",
        < 1e-3 => Significant(s * 1e6, 3) + " µs",
        < 1 => Significant(s * 1e3, 3) + " ms",
        _ => Significant(s, 3) + " s",
    };

    /// <summary>A ratio such as "0.87×".</summary>
    public static string Ratio(double r) => double.IsFinite(r) ? Significant(r, 3) + "×" : "n/a";

    /// <summary>A byte count with thousands separators.</summary>
    public static string Bytes(long bytes) => bytes.ToString("N0", Invariant);

    /// <summary>An integer with thousands separators.</summary>
    public static string Int(long value) => value.ToString("N0", Invariant);

    /// <summary>A number with <paramref name="digits"/> significant digits, without exponent for everyday magnitudes.</summary>
    public static string Significant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value.ToString(Invariant);
        }

        double magnitude = Math.Abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e7)
        {
            int decimals = Math.Max(0, digits - 1 - (int)Math.Floor(Math.Log10(magnitude)));
            return value.ToString("F" + decimals.ToString(Invariant), Invariant);
        }

        return value.ToString("0." + new string('0', digits - 1) + "e0", Invariant);
    }

    /// <summary>"1 thread", "2 threads": a thread count as the report's rows and targets name it.</summary>
    public static string Threads(int threads) => Inv($"{threads} thread{(threads == 1 ? string.Empty : "s")}");

    /// <summary>A number in any format, invariant.</summary>
    public static string Inv(FormattableString text) => text.ToString(Invariant);

    /// <summary>Appends a Markdown table.</summary>
    public static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.Append("| ").AppendJoin(" | ", header).Append(" |\n");
        md.Append('|');
        for (int i = 0; i < header.Count; i++)
        {
            md.Append(i == 0 ? " --- |" : " ---: |");
        }

        md.Append('\n');
        foreach (IReadOnlyList<string> row in rows)
        {
            md.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }

        md.Append('\n');
    }
}
