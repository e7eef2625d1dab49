using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace OdeKernels.Reporting;

public sealed partial class SvgPlot
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";
    private const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";
    private const string AxisColor = "#333333";
    private const string GridColor = "#e3e3e3";
    private const double TickFont = 12, LabelFont = 14, TitleFont = 16, LegendFont = 13;
    private const double TickLength = 5, Gap = 6, Edge = 12;
    private const int MaxLegendChars = 40;
    private const double LegendRowHeight = LegendFont + 8;

    // Text is measured by estimate (no font metrics without a renderer): 0.62 em per character is a little wider
    // than DejaVu Sans and Helvetica average, so margins err on the roomy side.
    private static double TextWidth(string text, double fontSize) => text.Length * fontSize * 0.62;

    private string Render()
    {
        if (_series.Count == 0)
        {
            throw new InvalidOperationException("The plot has no series: Add at least one before rendering.");
        }

        (double xMin, double xMax, double yMin, double yMax) = DataRange();
        bool hasTitle = !string.IsNullOrEmpty(Title), hasX = !string.IsNullOrEmpty(XLabel), hasY = !string.IsNullOrEmpty(YLabel);
        int legendChars = Math.Clamp((int)((Width - (2 * Edge) - 56) / (LegendFont * 0.62)), 4, MaxLegendChars);
        double legendTextWidth = 0;
        foreach (PlotSeries s in _series)
        {
            legendTextWidth = Math.Max(legendTextWidth, TextWidth(LegendName(s.Name, legendChars), LegendFont));
        }

        double legendWidth = 10 + 28 + 8 + legendTextWidth + 10;
        double legendHeight = (LegendRowHeight * _series.Count) + 10;

        // The legend goes beside the plot, never over the data; where that would leave the data too little room it
        // goes below the axis title instead.
        bool legendBelow = Width - (16 + legendWidth + Edge) < Math.Max(160, 0.5 * Width);
        double top = hasTitle ? Edge + TitleFont + 14 : Edge + (TickFont / 2);
        double xTitleBaseline = TickLength + Gap + TickFont + (hasX ? Gap + LabelFont + 2 : 0);
        double bottom = xTitleBaseline + (legendBelow ? 12 + legendHeight : 0) + Edge;
        double plotHeight = Height - top - bottom;
        if (plotHeight < 60)
        {
            throw new InvalidOperationException($"Height {Height} leaves {plotHeight:F0} pixels for the data beside the title, the axis labels and the legend: make the plot taller.");
        }

        AxisScale yScale = LogY ? AxisTicks.Log10(yMin, yMax) : FittingLinear(yMin, yMax, plotHeight, static _ => TickFont + 10);
        double yLabelWidth = 0;
        foreach (AxisTick tick in yScale.Ticks)
        {
            yLabelWidth = Math.Max(yLabelWidth, TextWidth(tick.Label, TickFont));
        }

        double left = Edge + (hasY ? LabelFont + Gap + 4 : 0) + yLabelWidth + Gap + TickLength;
        double right = legendBelow ? Edge + 24 : 16 + legendWidth + Edge;
        double plotWidth = Width - left - right;
        if (plotWidth < 80)
        {
            throw new InvalidOperationException($"Width {Width} leaves {plotWidth:F0} pixels for the data beside the axis labels: widen the plot.");
        }

        AxisScale xScale = FittingLinear(xMin, xMax, plotWidth, static label => TextWidth(label, TickFont) + 12);
        var frame = new Frame(left, top, plotWidth, plotHeight, xScale, yScale, LogY);

        var text = new StringWriter(CultureInfo.InvariantCulture);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = true };
        using (XmlWriter svg = XmlWriter.Create(text, settings))
        {
            svg.WriteStartElement("svg", SvgNamespace);
            Attributes(svg, ("width", Width), ("height", Height));
            svg.WriteAttributeString("viewBox", $"0 0 {Width} {Height}");
            svg.WriteAttributeString("font-family", FontFamily);
            svg.WriteElementString("title", SvgNamespace, hasTitle ? Title : "Line plot");
            Element(svg, "rect", ("class", "background"), ("width", Width), ("height", Height), ("fill", "white"));
            WriteGrid(svg, frame);
            WriteSeries(svg, frame);
            Element(svg, "rect", ("class", "frame"), ("x", left), ("y", top), ("width", plotWidth), ("height", plotHeight), ("fill", "none"), ("stroke", AxisColor));
            WriteAxes(svg, frame);
            if (hasX)
            {
                TextElement(svg, XLabel!, "axis-title", left + (plotWidth / 2), frame.Bottom + xTitleBaseline, LabelFont, "middle");
            }

            if (hasY)
            {
                double x = Edge + LabelFont, y = top + (plotHeight / 2);
                TextElement(svg, YLabel!, "axis-title", x, y, LabelFont, "middle", $"rotate(-90 {Num(x)} {Num(y)})");
            }

            if (hasTitle)
            {
                // Centred over the data when it fits there; a longer title starts at the left edge, so it is never cut off
                // at the left (a centred title wider than the plot ran past x = 0).
                double titleWidth = TextWidth(Title!, TitleFont);
                double centre = left + (plotWidth / 2);
                if (centre - (titleWidth / 2) >= Edge)
                {
                    TextElement(svg, Title!, "title", centre, Edge + TitleFont, TitleFont, "middle", weight: "bold");
                }
                else
                {
                    TextElement(svg, Title!, "title", Edge, Edge + TitleFont, TitleFont, "start", weight: "bold");
                }
            }

            (double legendX, double legendY) = legendBelow ? (left, Height - Edge - legendHeight) : (left + plotWidth + 16, top);
            WriteLegend(svg, legendX, legendY, legendWidth, legendChars);
            svg.WriteEndElement();
        }

        return text.ToString() + "\n";
    }

    private (double XMin, double XMax, double YMin, double YMax) DataRange()
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (PlotSeries s in _series)
        {
            for (int i = 0; i < s.XSpan.Length; i++)
            {
                if (IsDrawable(s.XSpan[i], s.YSpan[i]))
                {
                    (xMin, xMax) = (Math.Min(xMin, s.XSpan[i]), Math.Max(xMax, s.XSpan[i]));
                    (yMin, yMax) = (Math.Min(yMin, s.YSpan[i]), Math.Max(yMax, s.YSpan[i]));
                }
            }
        }

        if (xMin > xMax)
        {
            throw new InvalidOperationException(LogY
                ? "No point can be drawn: every point has a NaN coordinate or, on the log y axis, a y value ≤ 0."
                : "No point can be drawn: every point has a NaN coordinate.");
        }

        return (xMin, xMax, yMin, yMax);
    }

    private bool IsDrawable(double x, double y) => !double.IsNaN(x) && !double.IsNaN(y) && (!LogY || y > 0);

    /// <summary>The linear scale with the most ticks (at most 8) whose labels do not crowd each other.</summary>
    private static AxisScale FittingLinear(double min, double max, double length, Func<string, double> room)
    {
        AxisScale scale = AxisTicks.Linear(min, max, 2);
        for (int target = 8; target >= 2; target--)
        {
            AxisScale candidate = AxisTicks.Linear(min, max, target);
            double spacing = length / Math.Max(1, candidate.Ticks.Count - 1);
            bool fits = true;
            foreach (AxisTick tick in candidate.Ticks)
            {
                fits &= room(tick.Label) <= spacing;
            }

            if (fits)
            {
                return candidate;
            }
        }

        return scale;
    }

    private static void WriteGrid(XmlWriter svg, Frame frame)
    {
        svg.WriteStartElement("g", SvgNamespace);
        Attributes(svg, ("class", "grid"), ("stroke", GridColor), ("stroke-width", 1));
        foreach (AxisTick tick in frame.X.Ticks)
        {
            double x = frame.PixelX(tick.Value);
            Element(svg, "line", ("x1", x), ("y1", frame.Top), ("x2", x), ("y2", frame.Bottom));
        }

        foreach (AxisTick tick in frame.Y.Ticks)
        {
            if (tick.Major)
            {
                double y = frame.PixelY(tick.Value);
                Element(svg, "line", ("x1", frame.Left), ("y1", y), ("x2", frame.Right), ("y2", y));
            }
        }

        svg.WriteEndElement();
    }

    private void WriteSeries(XmlWriter svg, Frame frame)
    {
        var points = new StringBuilder();
        foreach (PlotSeries s in _series)
        {
            svg.WriteStartElement("g", SvgNamespace);
            Attributes(svg, ("class", "series"), ("fill", "none"), ("stroke", s.Color), ("stroke-width", 2), ("stroke-linejoin", "round"), ("stroke-linecap", "round"));
            svg.WriteElementString("title", SvgNamespace, s.Name);
            int start = 0;
            while (start < s.XSpan.Length)
            {
                // A segment is a maximal run of drawable points; NaN (or y ≤ 0 on a log axis) breaks the line.
                while (start < s.XSpan.Length && !IsDrawable(s.XSpan[start], s.YSpan[start]))
                {
                    start++;
                }

                int end = start;
                points.Clear();
                while (end < s.XSpan.Length && IsDrawable(s.XSpan[end], s.YSpan[end]))
                {
                    points.Append(points.Length == 0 ? string.Empty : " ").Append(Num(frame.PixelX(s.XSpan[end]))).Append(',').Append(Num(frame.PixelY(s.YSpan[end])));
                    end++;
                }

                if (end - start >= 2)
                {
                    Element(svg, "polyline", ("points", points.ToString()));
                }

                for (int i = start; i < end && (s.Markers || end - start == 1); i++)
                {
                    Element(svg, "circle", ("class", "marker"), ("cx", frame.PixelX(s.XSpan[i])), ("cy", frame.PixelY(s.YSpan[i])), ("r", 3), ("fill", s.Color), ("stroke", "white"), ("stroke-width", 1));
                }

                start = end;
            }

            svg.WriteEndElement();
        }
    }

    private static void WriteAxes(XmlWriter svg, Frame frame)
    {
        svg.WriteStartElement("g", SvgNamespace);
        Attributes(svg, ("class", "x-axis"), ("stroke", AxisColor));
        foreach (AxisTick tick in frame.X.Ticks)
        {
            double x = frame.PixelX(tick.Value);
            Element(svg, "line", ("x1", x), ("y1", frame.Bottom), ("x2", x), ("y2", frame.Bottom + TickLength));
            TextElement(svg, tick.Label, "tick-label", x, frame.Bottom + TickLength + Gap + TickFont - 2, TickFont, "middle");
        }

        svg.WriteEndElement();
        svg.WriteStartElement("g", SvgNamespace);
        Attributes(svg, ("class", "y-axis"), ("stroke", AxisColor));
        foreach (AxisTick tick in frame.Y.Ticks)
        {
            double y = frame.PixelY(tick.Value);
            double length = tick.Major ? TickLength : TickLength * 0.6;
            Element(svg, "line", ("x1", frame.Left - length), ("y1", y), ("x2", frame.Left), ("y2", y));
            if (tick.Major)
            {
                TextElement(svg, tick.Label, "tick-label", frame.Left - TickLength - Gap, y + (TickFont * 0.35), TickFont, "end");
            }
        }

        svg.WriteEndElement();
    }

    private void WriteLegend(XmlWriter svg, double x, double y, double width, int maxChars)
    {
        const double rowHeight = LegendRowHeight;
        svg.WriteStartElement("g", SvgNamespace);
        Attributes(svg, ("class", "legend"));
        Element(svg, "rect", ("x", x), ("y", y), ("width", width), ("height", (rowHeight * _series.Count) + 10), ("fill", "white"), ("stroke", "#bbbbbb"), ("rx", 3));
        for (int i = 0; i < _series.Count; i++)
        {
            PlotSeries s = _series[i];
            double rowY = y + 5 + (rowHeight * i) + (rowHeight / 2);
            Element(svg, "line", ("x1", x + 10), ("y1", rowY), ("x2", x + 38), ("y2", rowY), ("stroke", s.Color), ("stroke-width", 2));
            if (s.Markers)
            {
                Element(svg, "circle", ("cx", x + 24), ("cy", rowY), ("r", 3), ("fill", s.Color));
            }

            TextElement(svg, LegendName(s.Name, maxChars), "legend-label", x + 46, rowY + (LegendFont * 0.35), LegendFont, "start");
        }

        svg.WriteEndElement();
    }

    private static string LegendName(string name, int maxChars) => name.Length <= maxChars ? name : string.Concat(name.AsSpan(0, maxChars - 1), "…");

    private static void TextElement(XmlWriter svg, string content, string cssClass, double x, double y, double size, string anchor, string? transform = null, string? weight = null)
    {
        svg.WriteStartElement("text", SvgNamespace);
        Attributes(svg, ("class", cssClass), ("x", x), ("y", y), ("font-size", size), ("text-anchor", anchor), ("fill", "#222222"), ("stroke", "none"));
        if (transform is not null)
        {
            svg.WriteAttributeString("transform", transform);
        }

        if (weight is not null)
        {
            svg.WriteAttributeString("font-weight", weight);
        }

        svg.WriteString(content);
        svg.WriteEndElement();
    }

    private static void Element(XmlWriter svg, string name, params ReadOnlySpan<(string Name, object Value)> attributes)
    {
        svg.WriteStartElement(name, SvgNamespace);
        Attributes(svg, attributes);
        svg.WriteEndElement();
    }

    private static void Attributes(XmlWriter svg, params ReadOnlySpan<(string Name, object Value)> attributes)
    {
        foreach ((string name, object value) in attributes)
        {
            svg.WriteAttributeString(name, value switch
            {
                double d => Num(d),
                int n => n.ToString(CultureInfo.InvariantCulture),
                _ => (string)value,
            });
        }
    }

    private static string Num(double value)
    {
        double rounded = Math.Round(value, 2);
        return rounded == 0 ? "0" : rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>The plot area in pixels and the maps from data to pixels.</summary>
    private sealed record Frame(double Left, double Top, double Width, double Height, AxisScale X, AxisScale Y, bool LogY)
    {
        public double Right => Left + Width;

        public double Bottom => Top + Height;

        public double PixelX(double x) => Left + ((x - X.Min) / (X.Max - X.Min) * Width);

        public double PixelY(double y) => LogY
            ? Bottom - ((Math.Log10(y) - Math.Log10(Y.Min)) / (Math.Log10(Y.Max) - Math.Log10(Y.Min)) * Height)
            : Bottom - ((y - Y.Min) / (Y.Max - Y.Min) * Height);
    }
}
