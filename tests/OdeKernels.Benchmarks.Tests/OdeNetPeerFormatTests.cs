using System.Collections.Generic;
using System.Text.Json;
using OdeKernels.Benchmarks.Report;

namespace OdeKernels.Benchmarks.Tests;

/// <summary>
/// The conv ODE-Net peer section's pure pieces (issue #13): reading the peer's JSON, the median, the table's rows and
/// the ≥ 2× target, without training anything or running Python.
/// </summary>
public sealed class OdeNetPeerFormatTests
{
    [Fact]
    public void The_peer_answer_gives_seconds_and_nfe_per_iteration()
    {
        using JsonDocument d = JsonDocument.Parse(
            """{"available": true, "channels": 64, "seconds_per_iteration": 2.97, "forward_nfe_per_iteration": 32, "backward_nfe_per_iteration": 38, "final_loss": 2.3}""");

        OdeNetRunFigures f = OdeNetRunFigures.FromPeer(d.RootElement);

        Assert.Equal(new OdeNetRunFigures(2.97, 32, 38), f);
    }

    [Fact]
    public void A_peer_answer_without_a_figure_is_an_error_not_a_zero()
    {
        using JsonDocument d = JsonDocument.Parse("""{"available": true, "seconds_per_iteration": 2.97, "forward_nfe_per_iteration": 32}""");
        JsonElement answer = d.RootElement;

        Assert.Throws<KeyNotFoundException>(() => OdeNetRunFigures.FromPeer(answer));
    }

    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0 }, 2.5)]
    [InlineData(new[] { 5.0, 1.0, 9.0 }, 5.0)]
    public void The_median_takes_the_middle_or_the_mean_of_the_middle_two(double[] values, double median)
    {
        Assert.Equal(median, OdeNetRunFigures.Median(values), 15);
    }

    [Fact]
    public void The_median_of_nothing_is_nan()
    {
        Assert.True(double.IsNaN(OdeNetRunFigures.Median([])));
    }

    [Fact]
    public void A_row_divides_the_peer_by_odekernels_and_judges_the_target()
    {
        IReadOnlyList<string> row = OdeNetPeerFormat.Row(64, 2, new OdeNetRunFigures(3.0, 32, 38), new OdeNetRunFigures(1.2, 26.5, 31.25));

        Assert.Equal(OdeNetPeerFormat.Header.Length, row.Count);
        Assert.Equal(["64", "2", "3.00 s", "1.20 s", "2.50×", "32.0 + 38.0", "26.5 + 31.2", "met"], row);
    }

    [Fact]
    public void A_row_without_the_peer_keeps_odekernels_figures_and_says_not_run()
    {
        IReadOnlyList<string> row = OdeNetPeerFormat.Row(16, 1, null, new OdeNetRunFigures(0.5, 20, 24));

        Assert.Equal(["16", "1", "not run", "500 ms", "not run", "not run", "20.0 + 24.0", "not measured"], row);
    }

    [Theory]
    [InlineData(2.0, 1.0, true)]
    [InlineData(1.99, 1.0, false)]
    [InlineData(0.5, 1.0, false)]
    public void The_target_is_met_from_two_times_faster(double peerSeconds, double oursSeconds, bool met)
    {
        var peer = new OdeNetRunFigures(peerSeconds, 30, 30);
        var ours = new OdeNetRunFigures(oursSeconds, 30, 30);

        Target t = OdeNetPeerFormat.SpeedUpTarget(64, 1, peer, ours, "unused");

        Assert.Equal(met, t.Met);
        Assert.Equal(met ? "met" : "NOT MET", OdeNetPeerFormat.Verdict(peer, ours));
        Assert.Equal("≥ 2×", t.Threshold);
        Assert.StartsWith(OdeNetPeerSection.TargetPrefix, t.Name);
        Assert.Contains("C = 64, 1 thread ", t.Name);
    }

    [Fact]
    public void Without_the_peer_the_target_is_not_measured_and_says_why()
    {
        Target t = OdeNetPeerFormat.SpeedUpTarget(16, 2, null, new OdeNetRunFigures(0.5, 20, 24), "python3 exited with 1: no torch");

        Assert.Null(t.Met);
        Assert.Equal("not measured: python3 exited with 1: no torch", t.Figure);
        Assert.Contains("C = 16, 2 threads", t.Name);
    }

    [Fact]
    public void A_time_that_is_not_finite_is_not_judged()
    {
        Assert.Null(OdeNetPeerFormat.Met(new OdeNetRunFigures(double.NaN, 30, 30), new OdeNetRunFigures(1, 30, 30)));
        Assert.Null(OdeNetPeerFormat.Met(new OdeNetRunFigures(1, 30, 30), new OdeNetRunFigures(0, 30, 30)));
    }
}
