using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using OdeKernels.Reporting;
using OdeKernels.Tests.Checkpoints;

namespace OdeKernels.Tests.Reporting;

/// <summary>The SVG is well-formed XML with the expected lines, ticks and legend, and only finite coordinates.</summary>
public sealed class SvgPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void TwoSeriesGiveTwoLinesTicksAndALegend()
    {
        double[] x = Enumerable.Range(0, 50).Select(i => i * 0.25).ToArray();
        var plot = new SvgPlot { Title = "Sines & <cosines>", XLabel = "t", YLabel = "y" };
        plot.Add("sin", x, x.Select(Math.Sin).ToArray()).Add("cos", x, x.Select(Math.Cos).ToArray(), "#000", markers: true);
        XDocument doc = XDocument.Parse(plot.ToSvg());

        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal(2, doc.Descendants(Svg + "polyline").Count());
        Assert.Equal(50, doc.Descendants(Svg + "circle").Count(c => (string?)c.Attribute("class") == "marker"));
        Assert.Equal(["sin", "cos"], doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "legend-label").Select(t => t.Value));
        Assert.Equal("Sines & <cosines>", doc.Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == "title").Value);
        Assert.Equal(2, doc.Descendants(Svg + "text").Count(t => (string?)t.Attribute("class") == "axis-title"));

        double[] xTicks = TickValues(doc, "x-axis");
        double[] yTicks = TickValues(doc, "y-axis");
        Assert.True(xTicks.Length is >= 3 and <= 9, $"{xTicks.Length} x ticks");
        Assert.True(xTicks[0] <= 0 && xTicks[^1] >= x[^1]);
        Assert.True(yTicks[0] <= -1 && yTicks[^1] >= 1);
        AssertEvenlySpacedNiceSteps(xTicks);
        AssertEvenlySpacedNiceSteps(yTicks);
        AssertCoordinatesFiniteAndInside(doc, plot.Width, plot.Height);
    }

    [Fact]
    public void NaNBreaksALineIntoSegments()
    {
        var plot = new SvgPlot();
        plot.Add("gappy", [0, 1, 2, 3, 4, 5, 6], [1, 2, double.NaN, 3, 4, double.NaN, 5]);
        XDocument doc = XDocument.Parse(plot.ToSvg());
        Assert.Equal(2, doc.Descendants(Svg + "polyline").Count());
        Assert.Single(doc.Descendants(Svg + "circle"));
        AssertCoordinatesFiniteAndInside(doc, plot.Width, plot.Height);
    }

    [Fact]
    public void LogScaleHasDecadeLabelsAndSkipsNonPositiveValues()
    {
        double[] loss = Enumerable.Range(0, 200).Select(i => 3 * Math.Exp(-i / 30.0)).ToArray();
        loss[10] = 0;
        var plot = new SvgPlot { LogY = true, YLabel = "loss" };
        plot.Add("loss", loss);
        XDocument doc = XDocument.Parse(plot.ToSvg());
        string[] labels = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "y-axis")
            .Descendants(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Equal(["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"], labels);
        Assert.Equal(2, doc.Descendants(Svg + "polyline").Count());
        AssertCoordinatesFiniteAndInside(doc, plot.Width, plot.Height);
    }

    [Fact]
    public void BadInputIsRefusedClearly()
    {
        var plot = new SvgPlot();
        Assert.Contains("x[1] is Infinity", Assert.Throws<ArgumentException>(() => plot.Add("a", [0, double.PositiveInfinity], [1, 2])).Message);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => plot.Add("a", [0, 1], [1])).ParamName);
        Assert.Equal("color", Assert.Throws<ArgumentException>(() => plot.Add("a", [0], [1], "red\" onload=\"x")).ParamName);
        Assert.Throws<InvalidOperationException>(() => plot.ToSvg());
        plot.Add("nan", [double.NaN], [double.NaN]);
        Assert.Contains("No point can be drawn", Assert.Throws<InvalidOperationException>(() => plot.ToSvg()).Message);
        var log = new SvgPlot { LogY = true };
        log.Add("negative", [0, 1], [-1, 0]);
        Assert.Contains("y value ≤ 0", Assert.Throws<InvalidOperationException>(() => log.ToSvg()).Message);
        Assert.Throws<ArgumentException>(() => new SvgPlot { Width = 10 });
    }

    [Fact]
    public void SaveWritesTheSameSvgAtomically()
    {
        using var dir = new TempDirectory();
        string path = dir.File("plot.svg");
        var plot = new SvgPlot { Title = "t" };
        plot.Add("a", [0, 1, 2], [2, 1, 3]);
        plot.Save(path);
        Assert.Equal(plot.ToSvg(), File.ReadAllText(path));
        Assert.Equal(["plot.svg"], dir.Names());
    }

    [Fact]
    public void ATitleWiderThanThePlotStartsAtTheLeftEdgeInsteadOfRunningOffIt()
    {
        var plot = new SvgPlot { Width = 860, Height = 500, Title = "Forward throughput (float32, Tsit5, fixed step) · AMD EPYC, AVX-512F 512-bit" };
        plot.Add("a series with a long legend entry", [0, 1], [0, 1]);
        XElement title = XDocument.Parse(plot.ToSvg()).Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == "title");
        Assert.Equal("start", (string?)title.Attribute("text-anchor"));
        Assert.True(Num(title, "x") > 0, "the title starts inside the image");

        plot.Title = "Short";
        title = XDocument.Parse(plot.ToSvg()).Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == "title");
        Assert.Equal("middle", (string?)title.Attribute("text-anchor"));
    }

    [Fact]
    public void ALongLegendMovesBelowANarrowPlot()
    {
        var plot = new SvgPlot { Width = 400, Height = 300 };
        plot.Add(new string('n', 60), [0, 1], [0, 1]);
        XDocument doc = XDocument.Parse(plot.ToSvg());
        XElement legend = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "legend").Element(Svg + "rect")!;
        XElement frame = doc.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "frame");
        double frameBottom = Num(frame, "y") + Num(frame, "height");
        Assert.True(Num(legend, "y") > frameBottom, "the legend must not overlap the plot area");
        Assert.EndsWith("…", doc.Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == "legend-label").Value);
        AssertCoordinatesFiniteAndInside(doc, plot.Width, plot.Height);
    }

    private static double[] TickValues(XDocument doc, string axis) =>
        doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == axis)
            .Descendants(Svg + "text").Select(t => double.Parse(t.Value, CultureInfo.InvariantCulture)).ToArray();

    private static void AssertEvenlySpacedNiceSteps(double[] ticks)
    {
        double step = ticks[1] - ticks[0];
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        Assert.Contains(Math.Round(mantissa, 6), new[] { 1.0, 2.0, 5.0 });
        for (int i = 1; i < ticks.Length; i++)
        {
            Assert.Equal(step, ticks[i] - ticks[i - 1], 1e-9 * Math.Max(1, Math.Abs(step)));
        }
    }

    private static void AssertCoordinatesFiniteAndInside(XDocument doc, int width, int height)
    {
        string[] names = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height"];
        foreach (XElement element in doc.Descendants())
        {
            foreach (XAttribute attribute in element.Attributes().Where(a => names.Contains(a.Name.LocalName)))
            {
                double value = double.Parse(attribute.Value, CultureInfo.InvariantCulture);
                Assert.True(double.IsFinite(value) && value >= 0 && value <= Math.Max(width, height), $"{element.Name.LocalName}.{attribute.Name} = {attribute.Value}");
            }

            if (element.Attribute("points") is { } points)
            {
                foreach (string pair in points.Value.Split(' '))
                {
                    double[] xy = pair.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                    Assert.True(xy[0] >= 0 && xy[0] <= width && xy[1] >= 0 && xy[1] <= height, pair);
                }
            }
        }
    }

    private static double Num(XElement element, string attribute) => double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
