using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// One training run of the continuous normalizing flow (OdeKernels or the PyTorch peer): the median seconds per
/// iteration after the first, forward and backward evaluations of the dynamics per iteration (counted as torchdiffeq counts
/// them: one evaluation of the whole batch; OdeKernels' per-lane counts averaged over the lanes), the held-out NLL, and
/// whether the gradient backpropagated through the solver (Direct, torchdiffeq's odeint) rather than solving an adjoint.
/// </summary>
internal sealed record FlowRunFigures(double SecondsPerIteration, double ForwardNfe, double BackwardNfe, double TestNll, bool Backprop = false)
{
    /// <summary>
    /// Seconds per forward-and-backward evaluation: the per-iteration time divided by every evaluation it made, so
    /// that two runs whose step-size control took different NFE (different initialisations) still compare the cost of
    /// one evaluation. With <see cref="Backprop"/> the backward pass is no solve of its own (torchdiffeq counts no
    /// evaluations in it, OdeKernels' discrete adjoint counts its stage VJPs), so both sides divide by the forward
    /// evaluations only: the cost of one forward evaluation with its share of the backward pass.
    /// </summary>
    public double SecondsPerEvaluation => SecondsPerIteration / (Backprop ? ForwardNfe : ForwardNfe + BackwardNfe);

    /// <summary>
    /// The figures of cnf_torchdiffeq.py's JSON answer (<paramref name="backprop"/>: it ran with --direct): its median
    /// seconds per iteration, or the mean where an older script gave no median.
    /// </summary>
    public static FlowRunFigures FromPeer(JsonElement answer, bool backprop = false) => new(
        (answer.TryGetProperty("seconds_median", out JsonElement median) ? median : answer.GetProperty("seconds_per_iteration")).GetDouble(),
        answer.GetProperty("forward_nfe_per_iteration").GetDouble(),
        answer.TryGetProperty("backward_nfe_per_iteration", out JsonElement backward) ? backward.GetDouble() : double.NaN,
        answer.GetProperty("test_nll").GetDouble(),
        backprop);
}

/// <summary>
/// One side's runs of one table row, in the order the rounds alternated with the other side's: the row's time is the
/// median over the runs, its spread the slowest and fastest run; NFE and NLL are the first run's (each run trains the
/// same flow from the same start, so they repeat).
/// </summary>
/// <param name="Runs">At least one run.</param>
internal sealed record FlowRounds(IReadOnlyList<FlowRunFigures> Runs)
{
    /// <summary>The first run with the median seconds per iteration over all runs.</summary>
    public FlowRunFigures Median => Runs[0] with { SecondsPerIteration = OdeNetRunFigures.Median(Runs.Select(r => r.SecondsPerIteration)) };

    /// <summary>The fastest run's seconds per iteration.</summary>
    public double Fastest => Runs.Min(r => r.SecondsPerIteration);

    /// <summary>The slowest run's seconds per iteration.</summary>
    public double Slowest => Runs.Max(r => r.SecondsPerIteration);

    /// <summary>
    /// The speed-up of each round, <paramref name="peer"/>'s time over this side's in the same round (the two ran back
    /// to back, so a change of the machine's load between rounds touches both).
    /// </summary>
    public IReadOnlyList<double> SpeedUps(FlowRounds peer) =>
        [.. Runs.Zip(peer.Runs, (ours, theirs) => theirs.SecondsPerIteration / ours.SecondsPerIteration)];
}

/// <summary>The rows, lines and target of <see cref="FlowPeerSection"/>, apart from measuring (so tests can check them).</summary>
internal static class FlowPeerFormat
{
    /// <summary>The target's threshold (issue #15): OdeKernels at least this many times faster per training iteration.</summary>
    public const double TargetSpeedUp = 20;

    /// <summary>
    /// The target's name in the Targets table for one thread count (the same on both sides): one row for one thread and
    /// one for every core, as the issue asks for the speed-up "on the CPU" without naming a thread count.
    /// </summary>
    public static string TargetName(int threads) =>
        Format.Inv($"{FlowPeerSection.TargetPrefix}, {Format.Threads(threads)} ≥ 20× PyTorch + torchdiffeq (same flow, data, solver, threads)");

    /// <summary>The table's header.</summary>
    public static readonly string[] Header =
    [
        "gradient", "threads", "s/iteration torchdiffeq", "s/iteration OdeKernels", "speed-up", "NFE fwd + bwd torchdiffeq", "NFE fwd + bwd OdeKernels",
        "s/evaluation torchdiffeq", "s/evaluation OdeKernels", "speed-up per evaluation", "held-out NLL torchdiffeq", "held-out NLL OdeKernels",
    ];

    /// <summary>
    /// One row of the table from the rounds of both sides; <paramref name="peer"/> null where the peer did not run (its
    /// cells "not run"). Times are medians over the rounds with the fastest–slowest run in brackets; the speed-up is
    /// the median of the rounds' own speed-ups, with their range.
    /// </summary>
    public static IReadOnlyList<string> Row(string gradient, int threads, FlowRounds? peer, FlowRounds ours)
    {
        const string None = "not run";
        FlowRunFigures o = ours.Median;
        FlowRunFigures? p = peer?.Median;
        return
        [
            gradient, Format.Int(threads),
            peer is null ? None : Spread(peer), Spread(ours),
            peer is null ? None : SpeedUp(ours.SpeedUps(peer)),
            p is null ? None : Nfe(p), Nfe(o),
            p is null ? None : Format.Seconds(p.SecondsPerEvaluation), Format.Seconds(o.SecondsPerEvaluation),
            p is null ? None : Format.Ratio(p.SecondsPerEvaluation / o.SecondsPerEvaluation),
            p is null ? None : Format.Inv($"{p.TestNll:F3}"), Format.Inv($"{o.TestNll:F3}"),
        ];
    }

    /// <summary>
    /// The Targets row from the single-threaded continuous-adjoint rounds (the median of the rounds' speed-ups); not
    /// measured (Met null, the reason given) where the peer did not run.
    /// </summary>
    public static Target SpeedUpTarget(int threads, FlowRounds? peer, FlowRounds ours, string whyNot)
    {
        string threshold = Format.Inv($"≥ {TargetSpeedUp:G}×");
        if (peer is null)
        {
            return new Target(TargetName(threads), "not measured: " + whyNot, threshold, null);
        }

        IReadOnlyList<double> speedUps = ours.SpeedUps(peer);
        double speedUp = OdeNetRunFigures.Median(speedUps);
        return new Target(TargetName(threads),
            Format.Inv($"{Format.Seconds(ours.Median.SecondsPerIteration)} vs {Format.Seconds(peer.Median.SecondsPerIteration)} per iteration ({Format.Threads(threads)}, adjoint, median of {speedUps.Count} rounds): {SpeedUp(speedUps)}"),
            threshold, double.IsFinite(speedUp) ? speedUp >= TargetSpeedUp : null);
    }

    /// <summary>The section's one line where the peer could not run (the reason made safe for a Markdown table cell or line).</summary>
    public static string NotRunLine(string why) =>
        "Not run: " + why.Replace('\n', ' ').Replace('|', '/') + "; the OdeKernels figures below stand alone and the target is not measured.\n\n";

    private static string Nfe(FlowRunFigures f) => Format.Inv($"{f.ForwardNfe:F1} + {f.BackwardNfe:F1}");

    /// <summary>The median time with the fastest and slowest run, "129 ms (118 ms – 135 ms)"; the median alone for one run.</summary>
    private static string Spread(FlowRounds rounds)
    {
        string median = Format.Seconds(rounds.Median.SecondsPerIteration);
        return rounds.Runs.Count == 1 ? median : $"{median} ({Format.Seconds(rounds.Fastest)} – {Format.Seconds(rounds.Slowest)})";
    }

    /// <summary>The median speed-up with the rounds' range, "16.7× (15.1× – 17.9×)"; the one value for one round.</summary>
    private static string SpeedUp(IReadOnlyList<double> speedUps)
    {
        string median = Format.Ratio(OdeNetRunFigures.Median(speedUps));
        return speedUps.Count == 1 ? median : $"{median} ({Format.Ratio(speedUps.Min())} – {Format.Ratio(speedUps.Max())})";
    }
}
