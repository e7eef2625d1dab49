using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using OdeKernels.Benchmarks.Report;

namespace OdeKernels.Benchmarks.Tests;

/// <summary>
/// The continuous-normalizing-flow peer section's pure pieces (issue #15): per-evaluation time, the table's rows, the
/// target and the line written when the peer is missing, without training anything or running Python.
/// </summary>
public sealed class FlowPeerFormatTests
{
    [Fact]
    public void Seconds_per_evaluation_divide_by_forward_and_backward_evaluations()
    {
        var f = new FlowRunFigures(SecondsPerIteration: 0.3, ForwardNfe: 20, BackwardNfe: 10, TestNll: 3);

        Assert.Equal(0.01, f.SecondsPerEvaluation, 15);
    }

    [Fact]
    public void With_backprop_through_the_solver_seconds_per_evaluation_count_the_forward_evaluations_only()
    {
        // OdeKernels' Direct counts its stage VJPs as backward evaluations, torchdiffeq's odeint counts none: both
        // divide by the forward evaluations, so the two per-evaluation figures measure the same thing.
        var ours = new FlowRunFigures(0.3, 20, 40, 3, Backprop: true);
        var peer = new FlowRunFigures(0.3, 20, 0, 3, Backprop: true);

        Assert.Equal(0.015, ours.SecondsPerEvaluation, 15);
        Assert.Equal(ours.SecondsPerEvaluation, peer.SecondsPerEvaluation, 15);
    }

    [Fact]
    public void A_row_divides_the_peer_by_odekernels_per_iteration_and_per_evaluation()
    {
        // The peer took twice the NFE: per iteration 20× slower, per evaluation only 10×.
        var peer = new FlowRounds([new FlowRunFigures(1.0, 40, 40, 2.5)]);
        var ours = new FlowRounds([new FlowRunFigures(0.05, 20, 20, 2.25)]);

        IReadOnlyList<string> row = FlowPeerFormat.Row("Backsolve", 1, peer, ours);

        Assert.Equal(FlowPeerFormat.Header.Length, row.Count);
        Assert.Equal(["Backsolve", "1", "1.00 s", "50.0 ms", "20.0×", "40.0 + 40.0", "20.0 + 20.0", "12.5 ms", "1.25 ms", "10.0×", "2.500", "2.250"], row);
    }

    [Fact]
    public void Rounds_give_medians_with_their_spread_and_the_median_of_the_rounds_speed_ups()
    {
        // Round speed-ups 10, 30 and 25: their median is 25, not the 20 of the median times (1.0 s / 50 ms); the one
        // slow peer run (3 s) moves neither median.
        var peer = new FlowRounds([new FlowRunFigures(0.5, 40, 40, 2.5), new FlowRunFigures(3.0, 40, 40, 2.5), new FlowRunFigures(1.0, 40, 40, 2.5)]);
        var ours = new FlowRounds([new FlowRunFigures(0.05, 20, 20, 2.25), new FlowRunFigures(0.1, 20, 20, 2.25), new FlowRunFigures(0.04, 20, 20, 2.25)]);

        IReadOnlyList<string> row = FlowPeerFormat.Row("Backsolve", 1, peer, ours);

        Assert.Equal(["1.00 s (500 ms – 3.00 s)", "50.0 ms (40.0 ms – 100 ms)", "25.0× (10.0× – 30.0×)"], row.Skip(2).Take(3));
        Assert.Equal(new[] { 10.0, 30.0, 25.0 }, ours.SpeedUps(peer));
        Assert.Equal("20.0 + 20.0", row[6]);
        Target t = FlowPeerFormat.SpeedUpTarget(1, peer, ours, "unused");
        Assert.True(t.Met);
        Assert.EndsWith("median of 3 rounds): 25.0× (10.0× – 30.0×)", t.Figure, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_without_the_peer_keeps_odekernels_figures_and_says_not_run()
    {
        IReadOnlyList<string> row = FlowPeerFormat.Row("Direct", 2, null, new FlowRounds([new FlowRunFigures(0.05, 20, 0, 2.25)]));

        Assert.Equal(["Direct", "2", "not run", "50.0 ms", "not run", "not run", "20.0 + 0.0", "not run", "2.50 ms", "not run", "not run", "2.250"], row);
    }

    [Theory]
    [InlineData(1.25, 0.0625, true)]
    [InlineData(1.2, 0.0625, false)]
    public void The_target_is_met_from_twenty_times_faster(double peerSeconds, double oursSeconds, bool met)
    {
        Target t = FlowPeerFormat.SpeedUpTarget(1, new FlowRounds([new FlowRunFigures(peerSeconds, 10, 10, 3)]), new FlowRounds([new FlowRunFigures(oursSeconds, 10, 10, 3)]), "unused");

        Assert.Equal(met, t.Met);
        Assert.Equal("≥ 20×", t.Threshold);
        Assert.StartsWith(FlowPeerSection.TargetPrefix, t.Name, System.StringComparison.Ordinal);
        Assert.Contains("1 thread ≥ 20×", t.Name, System.StringComparison.Ordinal);
        Assert.Contains("(1 thread, adjoint", t.Figure, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_peer_the_target_is_not_measured_and_says_why()
    {
        Target t = FlowPeerFormat.SpeedUpTarget(2, null, new FlowRounds([new FlowRunFigures(0.05, 10, 10, 3)]), "No module named 'torch'");

        Assert.Null(t.Met);
        Assert.Equal("not measured: No module named 'torch'", t.Figure);
        Assert.Equal(FlowPeerFormat.TargetName(2), t.Name);
        Assert.Contains("2 threads ≥ 20×", t.Name, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_missing_peer_line_is_one_line_safe_in_markdown()
    {
        string line = FlowPeerFormat.NotRunLine("python3 exited with 1:\nTraceback | here");

        Assert.Equal("Not run: python3 exited with 1: Traceback / here; the OdeKernels figures below stand alone and the target is not measured.\n\n", line);
    }

    [Fact]
    public void The_peer_answer_gives_its_median_seconds_where_it_has_one()
    {
        using JsonDocument answer = JsonDocument.Parse("""{"available": true, "seconds_per_iteration": 0.8, "seconds_median": 0.7, "forward_nfe_per_iteration": 26.0, "backward_nfe_per_iteration": 38.0, "test_nll": 2.75}""");

        Assert.Equal(0.7, FlowRunFigures.FromPeer(answer.RootElement).SecondsPerIteration);
    }

    [Fact]
    public void The_peer_answer_is_read_with_its_backward_evaluations()
    {
        using JsonDocument answer = JsonDocument.Parse("""{"available": true, "seconds_per_iteration": 0.8, "forward_nfe_per_iteration": 26.0, "backward_nfe_per_iteration": 38.0, "test_nll": 2.75}""");

        FlowRunFigures f = FlowRunFigures.FromPeer(answer.RootElement);

        Assert.Equal(new FlowRunFigures(0.8, 26, 38, 2.75), f);
        Assert.True(FlowRunFigures.FromPeer(answer.RootElement, backprop: true).Backprop);
        Assert.Equal(0.0125, f.SecondsPerEvaluation, 15);
    }

    [Fact]
    public void Both_sections_can_run_alone_and_nothing_else()
    {
        Assert.True(ReportCommand.CanRunAlone(FlowPeerSection.Name));
        Assert.True(ReportCommand.CanRunAlone(OneTrajectorySection.Name));
        Assert.False(ReportCommand.CanRunAlone("peers"));
    }

    [Fact]
    public void A_flows_run_alone_replaces_its_section_and_its_target_row_only()
    {
        string report = "# r\n\n## Targets\n\n| target | measured | threshold | status |\n| --- | ---: | ---: | ---: |\n"
            + "| One trajectory: x | 1 | 2 | MET |\n| " + FlowPeerFormat.TargetName(1) + " | stale | ≥ 20× | NOT MET |\n\n"
            + SectionMerge.Open(FlowPeerSection.Name) + "stale section\n" + SectionMerge.Close(FlowPeerSection.Name) + "## How this was measured\n";
        Target fresh = FlowPeerFormat.SpeedUpTarget(1, new FlowRounds([new FlowRunFigures(1.0, 10, 10, 3)]), new FlowRounds([new FlowRunFigures(0.04, 10, 10, 3)]), "unused");
        string section = SectionMerge.Open(FlowPeerSection.Name) + "new section\n" + SectionMerge.Close(FlowPeerSection.Name);

        string merged = SectionMerge.Merge(report, FlowPeerSection.Name, section, FlowPeerSection.TargetPrefix, [fresh]);

        Assert.Contains("new section", merged, System.StringComparison.Ordinal);
        Assert.DoesNotContain("stale", merged, System.StringComparison.Ordinal);
        Assert.Contains("| One trajectory: x | 1 | 2 | MET |", merged, System.StringComparison.Ordinal);
        Assert.Contains("25.0×", merged, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_run_alone_keeps_its_target_rows_where_they_were()
    {
        string report = "# r\n\n## Targets\n\n| target | measured | threshold | status |\n| --- | ---: | ---: | ---: |\n"
            + "| One trajectory: x | 1 | 2 | MET |\n| " + FlowPeerFormat.TargetName(1) + " | stale | ≥ 20× | NOT MET |\n"
            + "| " + FlowPeerFormat.TargetName(2) + " | stale | ≥ 20× | NOT MET |\n| Conv ODE-Net: y | 3 | 4 | MET |\n\n"
            + SectionMerge.Open(FlowPeerSection.Name) + "stale section\n" + SectionMerge.Close(FlowPeerSection.Name) + "## How this was measured\n";
        var rounds = new FlowRounds([new FlowRunFigures(0.04, 10, 10, 3)]);
        var peer = new FlowRounds([new FlowRunFigures(1.0, 10, 10, 3)]);
        Target[] fresh = [FlowPeerFormat.SpeedUpTarget(1, peer, rounds, "unused"), FlowPeerFormat.SpeedUpTarget(2, peer, rounds, "unused")];
        string section = SectionMerge.Open(FlowPeerSection.Name) + "new section\n" + SectionMerge.Close(FlowPeerSection.Name);

        string[] rows = [.. SectionMerge.Merge(report, FlowPeerSection.Name, section, FlowPeerSection.TargetPrefix, fresh).Split('\n').Where(l => l.StartsWith("| ", System.StringComparison.Ordinal) && !l.StartsWith("| target", System.StringComparison.Ordinal) && !l.StartsWith("| ---", System.StringComparison.Ordinal))];

        Assert.Equal(4, rows.Length);
        Assert.StartsWith("| One trajectory: x", rows[0], System.StringComparison.Ordinal);
        Assert.StartsWith("| " + FlowPeerFormat.TargetName(1), rows[1], System.StringComparison.Ordinal);
        Assert.StartsWith("| " + FlowPeerFormat.TargetName(2), rows[2], System.StringComparison.Ordinal);
        Assert.StartsWith("| Conv ODE-Net: y", rows[3], System.StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.Contains("stale", System.StringComparison.Ordinal));
    }
}
