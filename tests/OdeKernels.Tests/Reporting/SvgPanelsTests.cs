using System;
using System.Text.RegularExpressions;
using OdeKernels.Reporting;

namespace OdeKernels.Tests.Reporting;

/// <summary>The density figures: viridis from zero to each heat map's own maximum, row 0 at the bottom, points clipped to the region.</summary>
public sealed class SvgPanelsTests
{
    [Fact]
    public void AHeatMapRunsFromViridisDarkAtZeroToYellowAtItsMaximumWithRowZeroAtTheBottom()
    {
        // Two rows, one column: row 0 (bottom) holds 0, row 1 (top) the maximum; NaN draws as the lowest colour.
        string svg = new SvgPanels(-1, 1, -1, 1).AddHeatMap("h", [0.0, 3.0, double.NaN, 1.5], 4, 1).ToSvg();
        MatchCollection cells = Regex.Matches(svg, "<rect x=\"[^\"]+\" y=\"([^\"]+)\" width=\"[^\"]+\" height=\"[^\"]+\" fill=\"(#[0-9a-f]{6})\"");
        Assert.Equal(4, cells.Count);
        Assert.Equal("#440154", cells[0].Groups[2].Value);
        Assert.Equal("#fde725", cells[1].Groups[2].Value);
        Assert.Equal("#440154", cells[2].Groups[2].Value);
        Assert.True(double.Parse(cells[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > double.Parse(cells[1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void PointsOutsideTheRegionAreLeftOut()
    {
        string svg = new SvgPanels(0, 1, 0, 1).AddPoints("p", [0.5, 0.5, 2.0, 0.5, 0.2, -0.1]).ToSvg();
        Assert.Single(Regex.Matches(svg, "<circle"));
    }

    [Fact]
    public void BadInputIsRefusedNamingIt()
    {
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => new SvgPanels(0, 1, 0, 1).AddHeatMap("h", [1.0, 2.0, 3.0], 2, 2)).ParamName);
        Assert.Equal("xy", Assert.Throws<ArgumentException>(() => new SvgPanels(0, 1, 0, 1).AddPoints("p", [1.0])).ParamName);
        Assert.Throws<ArgumentException>(() => new SvgPanels(1, 1, 0, 1));
        Assert.Throws<InvalidOperationException>(() => new SvgPanels(0, 1, 0, 1).ToSvg());
    }
}
