using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OdeKernels.Reporting;

/// <summary>A tick on an axis: its value, its label (empty for an unlabelled minor tick) and whether it is major.</summary>
/// <param name="Value">The data value of the tick.</param>
/// <param name="Label">The text shown beside the tick; empty for minor ticks.</param>
/// <param name="Major">Whether the tick is labelled and gets a grid line.</param>
internal readonly record struct AxisTick(double Value, string Label, bool Major);

/// <summary>An axis range covering the data, with its ticks.</summary>
/// <param name="Min">The lower end of the axis.</param>
/// <param name="Max">The upper end of the axis.</param>
/// <param name="Ticks">The ticks, ascending.</param>
internal sealed record AxisScale(double Min, double Max, IReadOnlyList<AxisTick> Ticks);

/// <summary>
/// "Nice" ticks (Heckbert, Graphics Gems 1990): linear steps of 1, 2 or 5 times a power of ten, the axis widened to
/// whole steps so the ticks cover the data; log axes span whole decades.
/// </summary>
internal static class AxisTicks
{
    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /// <summary>The smallest of 1, 2, 5 or 10 times a power of ten that is at least <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
        return nice * power;
    }

    public static AxisScale Linear(double min, double max, int targetTicks = 6)
    {
        if (min == max)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }

        double step = NiceStep((max - min) / (targetTicks - 1));

        // The tolerance keeps a data value that is a multiple of the step (up to rounding) from adding a whole step.
        long first = (long)Math.Floor((min / step) + 1e-9);
        long last = (long)Math.Ceiling((max / step) - 1e-9);
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        double largest = Math.Max(Math.Abs(first * step), Math.Abs(last * step));
        bool scientific = largest >= 1e6 || step < 1e-4;
        var ticks = new List<AxisTick>();
        for (long k = first; k <= last; k++)
        {
            double value = k * step;
            ticks.Add(new AxisTick(value, FormatLinear(value, decimals, scientific), true));
        }

        return new AxisScale(first * step, last * step, ticks);
    }

    public static AxisScale Log10(double min, double max)
    {
        int low = (int)Math.Floor(Math.Log10(min) + 1e-12);
        int high = (int)Math.Ceiling(Math.Log10(max) - 1e-12);
        if (high == low)
        {
            high++;
        }

        int decades = high - low;
        int every = decades <= 8 ? 1 : (int)NiceStep(decades / 7.0);
        var ticks = new List<AxisTick>();
        for (int e = low; e <= high; e++)
        {
            bool labelled = e % every == 0;
            ticks.Add(new AxisTick(Math.Pow(10, e), labelled ? PowerOfTen(e) : string.Empty, labelled));
            if (e < high && decades <= 6)
            {
                for (int m = 2; m <= 9; m++)
                {
                    ticks.Add(new AxisTick(m * Math.Pow(10, e), string.Empty, false));
                }
            }
        }

        return new AxisScale(Math.Pow(10, low), Math.Pow(10, high), ticks);
    }

    /// <summary>10 with a superscript exponent, e.g. "10⁻³".</summary>
    public static string PowerOfTen(int exponent)
    {
        var text = new StringBuilder("10");
        if (exponent < 0)
        {
            text.Append('⁻');
        }

        foreach (char digit in Math.Abs(exponent).ToString(CultureInfo.InvariantCulture))
        {
            text.Append(Superscripts[digit - '0']);
        }

        return text.ToString();
    }

    private static string FormatLinear(double value, int decimals, bool scientific)
    {
        if (Math.Abs(value) < 1e-300 || (!scientific && Math.Abs(value) < 0.5 * Math.Pow(10, -decimals)))
        {
            return "0";
        }

        return scientific
            ? value.ToString("0.###e0", CultureInfo.InvariantCulture)
            : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
