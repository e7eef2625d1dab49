using System;
using System.Collections.Generic;
using OdeKernels.IO;

namespace OdeKernels.Reporting;

/// <summary>
/// A line plot written as standalone, human-readable SVG: several named series with optional markers, axes with
/// "nice" ticks (steps of 1, 2 or 5 times a power of ten) and labels, axis titles, a title, a legend beside the plot
/// (never over the data) and an optional logarithmic y axis. NaN values leave gaps in a line (as do y ≤ 0 on a log
/// axis); infinite values are refused.
/// </summary>
/// <remarks>Thread safety: not thread-safe while it is being built (its properties and series change); rendering from
/// several threads is safe once nobody changes it.</remarks>
public sealed partial class SvgPlot
{
    /// <summary>The default colours, in order (Tableau 10, chosen to stay distinguishable for most colour-blind readers).</summary>
    public static readonly IReadOnlyList<string> Palette = Array.AsReadOnly(new[]
    {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    });

    private readonly List<PlotSeries> _series = [];
    private int _width = 800;
    private int _height = 500;

    /// <summary>The title above the plot; null or empty for none.</summary>
    public string? Title { get; set; }

    /// <summary>The title of the x axis; null or empty for none.</summary>
    public string? XLabel { get; set; }

    /// <summary>The title of the y axis; null or empty for none.</summary>
    public string? YLabel { get; set; }

    /// <summary>Whether the y axis is logarithmic (base 10); y values ≤ 0 then leave gaps.</summary>
    public bool LogY { get; set; }

    /// <summary>The width of the image in pixels (at least 200).</summary>
    public int Width
    {
        get => _width;
        set => _width = value >= 200 ? value : throw new ArgumentException($"Width must be at least 200, but it is {value}.", nameof(value));
    }

    /// <summary>The height of the image in pixels (at least 150).</summary>
    public int Height
    {
        get => _height;
        set => _height = value >= 150 ? value : throw new ArgumentException($"Height must be at least 150, but it is {value}.", nameof(value));
    }

    /// <summary>The series added so far, in drawing order.</summary>
    public IReadOnlyList<PlotSeries> Series => _series.AsReadOnly();

    /// <summary>Adds a series (its values are copied).</summary>
    /// <param name="name">The legend entry (not empty).</param>
    /// <param name="x">The x values; NaN leaves a gap.</param>
    /// <param name="y">The y values, as many as <paramref name="x"/>; NaN leaves a gap.</param>
    /// <param name="color">A colour <c>#rgb</c>, <c>#rrggbb</c> or an SVG colour name; null for the next palette colour.</param>
    /// <param name="markers">Whether to draw a circle at each point.</param>
    /// <returns>This plot, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is empty, the lengths differ, the series is empty, a value is infinite, or the colour is malformed.</exception>
    public SvgPlot Add(string name, ReadOnlySpan<double> x, ReadOnlySpan<double> y, string? color = null, bool markers = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (x.Length == 0)
        {
            throw new ArgumentException($"Series '{name}' must hold at least one point, but x is empty.", nameof(x));
        }

        if (y.Length != x.Length)
        {
            throw new ArgumentException($"Series '{name}' must have as many y values as x values ({x.Length}), but y has {y.Length}.", nameof(y));
        }

        CheckNotInfinite(name, x, nameof(x));
        CheckNotInfinite(name, y, nameof(y));
        color ??= Palette[_series.Count % Palette.Count];
        if (!IsColor(color))
        {
            throw new ArgumentException($"color must be #rgb, #rrggbb or an SVG colour name, but it is '{color}'.", nameof(color));
        }

        _series.Add(new PlotSeries(name, x.ToArray(), y.ToArray(), color, markers));
        return this;
    }

    /// <summary>Adds a series over x = 0, 1, 2, … (for example a loss per iteration).</summary>
    /// <param name="name">The legend entry (not empty).</param>
    /// <param name="y">The y values; NaN leaves a gap.</param>
    /// <param name="color">A colour, or null for the next palette colour.</param>
    /// <param name="markers">Whether to draw a circle at each point.</param>
    /// <returns>This plot, for chaining.</returns>
    public SvgPlot Add(string name, ReadOnlySpan<double> y, string? color = null, bool markers = false)
    {
        double[] x = new double[y.Length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i;
        }

        return Add(name, x, y, color, markers);
    }

    /// <summary>Renders the plot as an SVG document.</summary>
    /// <returns>The SVG text (UTF-8 safe, no XML declaration).</returns>
    /// <exception cref="InvalidOperationException">No series was added, no point is drawable, or a log axis has no positive value.</exception>
    public string ToSvg() => Render();

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> atomically (a temporary file, flushed, then renamed over the target).</summary>
    /// <param name="path">The file to create or replace; its directory must exist.</param>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    private static void CheckNotInfinite(string name, ReadOnlySpan<double> values, string parameter)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsInfinity(values[i]))
            {
                throw new ArgumentException($"Series '{name}' must not hold infinite values (NaN leaves a gap), but {parameter}[{i}] is {values[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.", parameter);
            }
        }
    }

    private static bool IsColor(string color)
    {
        if (color.Length is 4 or 7 && color[0] == '#')
        {
            return !color.AsSpan(1).ContainsAnyExcept("0123456789abcdefABCDEF");
        }

        return color.Length is > 0 and < 32 && !color.AsSpan().ContainsAnyExceptInRange('a', 'z');
    }
}
