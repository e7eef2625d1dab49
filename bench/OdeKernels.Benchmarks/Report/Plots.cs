using System;
using System.Collections.Generic;
using System.IO;
using OdeKernels.Reporting;

namespace OdeKernels.Benchmarks.Report;

/// <summary>One line of a report plot.</summary>
internal sealed record PlotLine(string Name, double[] X, double[] Y, string? Color = null);

/// <summary>
/// Writes the report's plots with the runtime's <see cref="SvgPlot"/>. It has a linear x axis only, so quantities that
/// span decades (lanes, steps) are plotted against their logarithm, which the axis title spells out.
/// </summary>
internal static class Plots
{
    /// <summary>Writes an SVG line plot with markers to <paramref name="path"/>.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, bool logY, IEnumerable<PlotLine> lines)
    {
        var plot = new SvgPlot { Title = title, XLabel = xLabel, YLabel = yLabel, LogY = logY, Width = 860, Height = 500 };
        foreach (PlotLine line in lines)
        {
            plot.Add(line.Name, line.X, line.Y, line.Color, markers: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, plot.ToSvg());
    }

    /// <summary>Paired colours (dark for OdeKernels, light for its baseline), one pair per series group.</summary>
    public static (string Dark, string Light) Pair(int group) => (group % 4) switch
    {
        0 => ("#1f77b4", "#9ecae1"),
        1 => ("#d62728", "#fc9272"),
        2 => ("#2ca02c", "#a1d99b"),
        _ => ("#6a51a3", "#bcbddc"),
    };

    /// <summary>log₂ of each value (lanes on a doubling scale).</summary>
    public static double[] Log2(IReadOnlyList<int> values)
    {
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Math.Log2(values[i]);
        }

        return result;
    }

    /// <summary>log₁₀ of each value.</summary>
    public static double[] Log10(IReadOnlyList<int> values)
    {
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Math.Log10(values[i]);
        }

        return result;
    }
}
