using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using OdeKernels.IO;

namespace OdeKernels.Reporting;

/// <summary>
/// A row of square panels over one 2-D region, for densities: heat maps of a grid of values (a learned density, a
/// histogram) with a sequential colour map (viridis, whose lightness rises monotonically so the eye reads order
/// correctly), and scatter plots of points. Each panel is scaled on its own (zero to its maximum).
/// </summary>
/// <remarks>Thread safety: not thread-safe while panels are added; rendering only reads.</remarks>
public sealed class SvgPanels
{
    private const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";
    private const double Size = 260, Gap = 16, Title = 30, Edge = 10;

    // Viridis at nine stops (matplotlib's table, every 32nd entry); colours in between are interpolated linearly.
    private static readonly (double R, double G, double B)[] Viridis =
    [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141), (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ];

    private readonly List<Action<StringBuilder, double>> _panels = [];

    /// <summary>Creates the figure over [xMin, xMax] × [yMin, yMax].</summary>
    /// <param name="xMin">The left edge.</param>
    /// <param name="xMax">The right edge (&gt; xMin).</param>
    /// <param name="yMin">The bottom edge.</param>
    /// <param name="yMax">The top edge (&gt; yMin).</param>
    /// <exception cref="ArgumentException">An interval is empty or not finite.</exception>
    public SvgPanels(double xMin, double xMax, double yMin, double yMax)
    {
        if (!(xMax > xMin) || !(yMax > yMin) || !double.IsFinite(xMax - xMin) || !double.IsFinite(yMax - yMin))
        {
            throw new ArgumentException($"The region [{xMin}, {xMax}] × [{yMin}, {yMax}] must be finite and non-empty.", nameof(xMin));
        }

        (XMin, XMax, YMin, YMax) = (xMin, xMax, yMin, yMax);
    }

    /// <summary>The left edge.</summary>
    public double XMin { get; }

    /// <summary>The right edge.</summary>
    public double XMax { get; }

    /// <summary>The bottom edge.</summary>
    public double YMin { get; }

    /// <summary>The top edge.</summary>
    public double YMax { get; }

    /// <summary>
    /// Adds a heat map of <paramref name="values"/>: <paramref name="rows"/> × <paramref name="columns"/> cells, row 0 at
    /// the bottom (<see cref="YMin"/>), column 0 at the left; non-finite values are drawn as the lowest colour.
    /// </summary>
    /// <param name="title">The panel's title.</param>
    /// <param name="values">The cell values, row after row.</param>
    /// <param name="rows">The number of rows (positive).</param>
    /// <param name="columns">The number of columns (positive).</param>
    /// <returns>This figure.</returns>
    /// <exception cref="ArgumentException">The grid size does not match the values.</exception>
    public SvgPanels AddHeatMap(string title, ReadOnlySpan<double> values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (rows <= 0 || columns <= 0 || values.Length != rows * columns)
        {
            throw new ArgumentException($"values must hold rows × columns = {rows} × {columns} values, but its length is {values.Length}.", nameof(values));
        }

        double[] cells = values.ToArray();
        double max = 0;
        foreach (double v in cells)
        {
            max = double.IsFinite(v) ? Math.Max(max, v) : max;
        }

        _panels.Add((svg, left) =>
        {
            double w = Size / columns, h = Size / rows;
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    double v = cells[(r * columns) + c];
                    double u = max > 0 && double.IsFinite(v) ? Math.Clamp(v / max, 0, 1) : 0;
                    Append(svg, $"<rect x=\"{left + (c * w):F2}\" y=\"{Title + Size - ((r + 1) * h):F2}\" width=\"{w + 0.05:F2}\" height=\"{h + 0.05:F2}\" fill=\"{Colour(u)}\" shape-rendering=\"crispEdges\"/>");
                }
            }

            Caption(svg, left, title);
        });
        return this;
    }

    /// <summary>Adds a scatter plot of points (x, y) as small dots; points outside the region are left out.</summary>
    /// <param name="title">The panel's title.</param>
    /// <param name="xy">The points, x then y, point after point.</param>
    /// <returns>This figure.</returns>
    /// <exception cref="ArgumentException">The length of <paramref name="xy"/> is odd.</exception>
    public SvgPanels AddPoints(string title, ReadOnlySpan<double> xy)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (xy.Length % 2 != 0)
        {
            throw new ArgumentException($"xy must hold pairs, but its length is {xy.Length}.", nameof(xy));
        }

        double[] points = xy.ToArray();
        _panels.Add((svg, left) =>
        {
            Append(svg, $"<rect x=\"{left:F2}\" y=\"{Title:F2}\" width=\"{Size:F2}\" height=\"{Size:F2}\" fill=\"#ffffff\" stroke=\"#333333\"/>");
            for (int i = 0; i < points.Length; i += 2)
            {
                double u = (points[i] - XMin) / (XMax - XMin), v = (points[i + 1] - YMin) / (YMax - YMin);
                if (u is >= 0 and <= 1 && v is >= 0 and <= 1)
                {
                    Append(svg, $"<circle cx=\"{left + (u * Size):F2}\" cy=\"{Title + ((1 - v) * Size):F2}\" r=\"0.9\" fill=\"#1f77b4\" fill-opacity=\"0.6\"/>");
                }
            }

            Caption(svg, left, title);
        });
        return this;
    }

    /// <summary>The figure as SVG text.</summary>
    /// <returns>The SVG document.</returns>
    /// <exception cref="InvalidOperationException">No panel was added.</exception>
    public string ToSvg()
    {
        if (_panels.Count == 0)
        {
            throw new InvalidOperationException("The figure has no panel: add a heat map or points before rendering.");
        }

        double width = (2 * Edge) + (_panels.Count * Size) + ((_panels.Count - 1) * Gap), height = Title + Size + Edge;
        var svg = new StringBuilder();
        Append(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:F0}\" height=\"{height:F0}\" viewBox=\"0 0 {width:F0} {height:F0}\">");
        Append(svg, $"<rect width=\"{width:F0}\" height=\"{height:F0}\" fill=\"#ffffff\"/>");
        for (int p = 0; p < _panels.Count; p++)
        {
            _panels[p](svg, Edge + (p * (Size + Gap)));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Writes the figure to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    private static void Caption(StringBuilder svg, double left, string title)
    {
        string text = title.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        Append(svg, $"<text x=\"{left + (Size / 2):F2}\" y=\"{Title - 10:F2}\" font-family=\"{FontFamily}\" font-size=\"14\" text-anchor=\"middle\" fill=\"#333333\">{text}</text>");
    }

    private static string Colour(double u)
    {
        double s = u * (Viridis.Length - 1);
        int k = Math.Min((int)s, Viridis.Length - 2);
        double f = s - k;
        (double r0, double g0, double b0) = Viridis[k];
        (double r1, double g1, double b1) = Viridis[k + 1];
        return string.Create(CultureInfo.InvariantCulture, $"#{(int)Math.Round(r0 + (f * (r1 - r0))):x2}{(int)Math.Round(g0 + (f * (g1 - g0))):x2}{(int)Math.Round(b0 + (f * (b1 - b0))):x2}");
    }

    private static void Append(StringBuilder svg, FormattableString line) => svg.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
