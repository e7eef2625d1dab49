using System;
using System.Collections.Generic;

namespace OdeKernels.Reporting;

/// <summary>One line of an <see cref="SvgPlot"/>.</summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class PlotSeries
{
    private readonly double[] _x;
    private readonly double[] _y;

    internal PlotSeries(string name, double[] x, double[] y, string color, bool markers)
    {
        Name = name;
        _x = x;
        _y = y;
        Color = color;
        Markers = markers;
    }

    /// <summary>The name shown in the legend.</summary>
    public string Name { get; }

    /// <summary>The x values (a copy of what was added).</summary>
    public IReadOnlyList<double> X => Array.AsReadOnly(_x);

    /// <summary>The y values (a copy of what was added); NaN marks a gap.</summary>
    public IReadOnlyList<double> Y => Array.AsReadOnly(_y);

    /// <summary>The stroke colour, as given or from the default palette.</summary>
    public string Color { get; }

    /// <summary>Whether each point is drawn as a circle.</summary>
    public bool Markers { get; }

    internal ReadOnlySpan<double> XSpan => _x;

    internal ReadOnlySpan<double> YSpan => _y;
}
