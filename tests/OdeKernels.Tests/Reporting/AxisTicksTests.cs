using System;
using OdeKernels.Reporting;

namespace OdeKernels.Tests.Reporting;

/// <summary>Ticks are nice numbers (1, 2 or 5 times a power of ten) and cover the data.</summary>
public sealed class AxisTicksTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-1.0, 1.0)]
    [InlineData(0.013, 0.0271)]
    [InlineData(-3.7e-6, 9.1e-6)]
    [InlineData(1.0, 3000.0)]
    [InlineData(123456.0, 123999.0)]
    [InlineData(-5e8, 7e9)]
    [InlineData(42.0, 42.0)]
    public void LinearTicksAreNiceAndCoverTheData(double min, double max)
    {
        for (int target = 2; target <= 8; target++)
        {
            AxisScale scale = AxisTicks.Linear(min, max, target);
            Assert.True(scale.Min <= min && scale.Max >= max, $"[{scale.Min}, {scale.Max}] does not cover [{min}, {max}]");
            Assert.True(scale.Ticks.Count >= 2);
            double step = scale.Ticks[1].Value - scale.Ticks[0].Value;
            AssertNice(step);
            foreach (AxisTick tick in scale.Ticks)
            {
                double multiple = tick.Value / step;
                Assert.True(Math.Abs(multiple - Math.Round(multiple)) < 1e-6, $"tick {tick.Value} is not a multiple of {step}");
                Assert.True(tick.Major && tick.Label.Length > 0);
            }

            Assert.Equal(scale.Min, scale.Ticks[0].Value);
            Assert.Equal(scale.Max, scale.Ticks[^1].Value);
        }
    }

    [Fact]
    public void LinearLabelsAreShortAndExact()
    {
        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1.0"], Labels(AxisTicks.Linear(0, 1, 6)));
        Assert.Equal(["-1.0", "-0.5", "0", "0.5", "1.0"], Labels(AxisTicks.Linear(-1, 1, 5)));
        Assert.Equal(["0", "1e6", "2e6"], Labels(AxisTicks.Linear(0, 2e6, 3)));
    }

    [Fact]
    public void LogTicksSpanWholeDecades()
    {
        AxisScale scale = AxisTicks.Log10(0.0012, 2.5);
        Assert.Equal(1e-3, scale.Min, 1e-18);
        Assert.Equal(10, scale.Max, 1e-12);
        Assert.Equal(["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"], Array.FindAll(Labels(scale), l => l.Length > 0));
        Assert.Contains(scale.Ticks, t => !t.Major && Math.Abs(t.Value - 0.5) < 1e-12);
        Assert.Equal(2, Array.FindAll(Labels(AxisTicks.Log10(3, 4)), l => l.Length > 0).Length);
        Assert.True(Array.FindAll(Labels(AxisTicks.Log10(1e-30, 1e30)), l => l.Length > 0).Length <= 8);
    }

    private static void AssertNice(double step)
    {
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        Assert.True(Math.Abs(mantissa - 1) < 1e-9 || Math.Abs(mantissa - 2) < 1e-9 || Math.Abs(mantissa - 5) < 1e-9, $"step {step} is not 1, 2 or 5 × 10ⁿ");
    }

    private static string[] Labels(AxisScale scale) => Array.ConvertAll([.. scale.Ticks], t => t.Label);
}
