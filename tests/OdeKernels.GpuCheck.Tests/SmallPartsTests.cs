using System.Collections.Generic;
using OdeKernels.Terminal;

namespace OdeKernels.GpuCheck.Tests;

/// <summary>The check's small parts: the lane list, the driver version's decoding, the median, the settings' checks.</summary>
public sealed class SmallPartsTests
{
    [Fact]
    public void ALaneListParsesInOrder() => Assert.Equal([1024, 65536, 1048576], LaneList.Parse("1024, 65536,1048576", "--lanes"));

    [Theory]
    [InlineData("1024,x")]
    [InlineData("0")]
    [InlineData("1024,,8")]
    [InlineData("-5")]
    public void ABadLaneListNamesTheOptionAndTheEntry(string text)
    {
        UsageException e = Assert.Throws<UsageException>(() => LaneList.Parse(text, "--lanes"));

        Assert.Contains("--lanes", e.Message, System.StringComparison.Ordinal);
        Assert.Contains($"'{text}'", e.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13000, "13.0")]
    [InlineData(12040, "12.4")]
    [InlineData(11020, "11.2")]
    public void TheDriverVersionDecodesAsMajorDotMinor(int encoded, string expected) => Assert.Equal(expected, DeviceProbe.DriverVersion(encoded));

    [Fact]
    public void TheMedianTakesTheMiddleOrTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(2.0, Throughput.Median(new List<double> { 3, 1, 2 }));
        Assert.Equal(2.5, Throughput.Median(new List<double> { 4, 1, 3, 2 }));
    }

    [Fact]
    public void SettingsOutOfRangeNameTheSetting()
    {
        var good = new CheckSettings("out", CpuOnly: true, CheckLanes: 4, ThroughputLanes: [8], Steps: 2, Repeats: 3, Budget: 1);
        good.Validate();

        Assert.Equal("CheckLanes", Assert.ThrowsAny<System.ArgumentException>(() => (good with { CheckLanes = 0 }).Validate()).ParamName);
        Assert.Equal("ThroughputLanes", Assert.ThrowsAny<System.ArgumentException>(() => (good with { ThroughputLanes = [] }).Validate()).ParamName);
        Assert.Equal("Repeats", Assert.ThrowsAny<System.ArgumentException>(() => (good with { Repeats = 2 }).Validate()).ParamName);
        Assert.Equal("Budget", Assert.ThrowsAny<System.ArgumentException>(() => (good with { Budget = double.NaN }).Validate()).ParamName);
    }
}
