using System.Collections.Generic;
using System.Text.Json;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// One training run of the continuous normalizing flow (OdeKernels or the PyTorch peer): mean seconds per iteration
/// after the first, forward and backward evaluations of the dynamics per iteration (counted as torchdiffeq counts
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

    /// <summary>The figures of cnf_torchdiffeq.py's JSON answer (<paramref name="backprop"/>: it ran with --direct).</summary>
    public static FlowRunFigures FromPeer(JsonElement answer, bool backprop = false) => new(
        answer.GetProperty("seconds_per_iteration").GetDouble(),
        answer.GetProperty("forward_nfe_per_iteration").GetDouble(),
        answer.TryGetProperty("backward_nfe_per_iteration", out JsonElement backward) ? backward.GetDouble() : double.NaN,
        answer.GetProperty("test_nll").GetDouble(),
        backprop);
}

/// <summary>The rows, lines and target of <see cref="FlowPeerSection"/>, apart from measuring (so tests can check them).</summary>
internal static class FlowPeerFormat
{
    /// <summary>The target's threshold (issue #15): OdeKernels at least this many times faster per training iteration.</summary>
    public const double TargetSpeedUp = 20;

    /// <summary>The target's name in the Targets table.</summary>
    public const string TargetName = FlowPeerSection.TargetPrefix + " ≥ 20× PyTorch + torchdiffeq (same flow, data, solver)";

    /// <summary>The table's header.</summary>
    public static readonly string[] Header =
    [
        "gradient", "threads", "s/iteration torchdiffeq", "s/iteration OdeKernels", "speed-up", "NFE fwd + bwd torchdiffeq", "NFE fwd + bwd OdeKernels",
        "s/evaluation torchdiffeq", "s/evaluation OdeKernels", "speed-up per evaluation", "held-out NLL torchdiffeq", "held-out NLL OdeKernels",
    ];

    /// <summary>One row of the table; <paramref name="peer"/> null where the peer did not run (its cells "not run").</summary>
    public static IReadOnlyList<string> Row(string gradient, int threads, FlowRunFigures? peer, FlowRunFigures ours)
    {
        const string None = "not run";
        return
        [
            gradient, Format.Int(threads),
            peer is null ? None : Format.Seconds(peer.SecondsPerIteration), Format.Seconds(ours.SecondsPerIteration),
            peer is null ? None : Format.Ratio(peer.SecondsPerIteration / ours.SecondsPerIteration),
            peer is null ? None : Nfe(peer), Nfe(ours),
            peer is null ? None : Format.Seconds(peer.SecondsPerEvaluation), Format.Seconds(ours.SecondsPerEvaluation),
            peer is null ? None : Format.Ratio(peer.SecondsPerEvaluation / ours.SecondsPerEvaluation),
            peer is null ? None : Format.Inv($"{peer.TestNll:F3}"), Format.Inv($"{ours.TestNll:F3}"),
        ];
    }

    /// <summary>
    /// The Targets row from the single-threaded continuous-adjoint runs; not measured (Met null, the reason given) where
    /// the peer did not run.
    /// </summary>
    public static Target SpeedUpTarget(FlowRunFigures? peer, FlowRunFigures ours, string whyNot)
    {
        string threshold = Format.Inv($"≥ {TargetSpeedUp:G}×");
        if (peer is null)
        {
            return new Target(TargetName, "not measured: " + whyNot, threshold, null);
        }

        double speedUp = peer.SecondsPerIteration / ours.SecondsPerIteration;
        return new Target(TargetName,
            Format.Inv($"{Format.Seconds(ours.SecondsPerIteration)} vs {Format.Seconds(peer.SecondsPerIteration)} per iteration (1 thread, adjoint): {Format.Ratio(speedUp)}"),
            threshold, double.IsFinite(speedUp) ? speedUp >= TargetSpeedUp : null);
    }

    /// <summary>The section's one line where the peer could not run (the reason made safe for a Markdown table cell or line).</summary>
    public static string NotRunLine(string why) =>
        "Not run: " + why.Replace('\n', ' ').Replace('|', '/') + "; the OdeKernels figures below stand alone and the target is not measured.\n\n";

    private static string Nfe(FlowRunFigures f) => Format.Inv($"{f.ForwardNfe:F1} + {f.BackwardNfe:F1}");
}
