using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// One side's figures of one training iteration of the conv ODE-Net (OdeKernels or the PyTorch peer): the median
/// seconds per iteration over the timed iterations, and the forward and backward evaluations of the ODE function per
/// iteration. torchdiffeq solves the whole batch as one system, so its NFE is per batch; OdeKernels steps each image
/// on its own, so its figure is the mean per image (the batch's total over the batch size).
/// </summary>
internal sealed record OdeNetRunFigures(double SecondsPerIteration, double ForwardNfe, double BackwardNfe)
{
    /// <summary>The figures of odenet_mnist_torchdiffeq.py's JSON answer.</summary>
    public static OdeNetRunFigures FromPeer(JsonElement answer) => new(
        answer.GetProperty("seconds_per_iteration").GetDouble(),
        answer.GetProperty("forward_nfe_per_iteration").GetDouble(),
        answer.GetProperty("backward_nfe_per_iteration").GetDouble());

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count; NaN for none).</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>The rows and targets of <see cref="OdeNetPeerSection"/>, apart from measuring (so tests can check them).</summary>
internal static class OdeNetPeerFormat
{
    /// <summary>The target's threshold (issue #13): OdeKernels at least this many times faster per training iteration.</summary>
    public const double TargetSpeedUp = 2;

    /// <summary>The table's header.</summary>
    public static readonly string[] Header =
    [
        "C", "threads", "s/iteration torchdiffeq", "s/iteration OdeKernels", "speed-up", "NFE fwd + bwd torchdiffeq (per batch)",
        "NFE fwd + bwd OdeKernels (mean per image)", "≥ 2×",
    ];

    /// <summary>The name of the target row of width <paramref name="channels"/> at <paramref name="threads"/> threads.</summary>
    public static string TargetName(int channels, int threads) =>
        Format.Inv($"{OdeNetPeerSection.TargetPrefix} C = {channels}, {Format.Threads(threads)} ≥ 2× PyTorch + torchdiffeq (same model, batch, solver)");

    /// <summary>"met", "NOT MET", or "not measured" where the peer did not run or a figure is not finite.</summary>
    public static string Verdict(OdeNetRunFigures? peer, OdeNetRunFigures ours) => Met(peer, ours) switch
    {
        true => "met",
        false => "NOT MET",
        null => "not measured",
    };

    /// <summary>Whether the speed-up torchdiffeq / OdeKernels reaches <see cref="TargetSpeedUp"/>; null where it cannot be judged.</summary>
    public static bool? Met(OdeNetRunFigures? peer, OdeNetRunFigures ours)
    {
        double speedUp = peer is null ? double.NaN : peer.SecondsPerIteration / ours.SecondsPerIteration;
        return double.IsFinite(speedUp) && speedUp > 0 ? speedUp >= TargetSpeedUp : null;
    }

    /// <summary>One row of the table; <paramref name="peer"/> null where the peer did not run (its cells "not run").</summary>
    public static IReadOnlyList<string> Row(int channels, int threads, OdeNetRunFigures? peer, OdeNetRunFigures ours)
    {
        const string None = "not run";
        return
        [
            Format.Int(channels), Format.Int(threads),
            peer is null ? None : Format.Seconds(peer.SecondsPerIteration), Format.Seconds(ours.SecondsPerIteration),
            peer is null ? None : Format.Ratio(peer.SecondsPerIteration / ours.SecondsPerIteration),
            peer is null ? None : Nfe(peer), Nfe(ours), Verdict(peer, ours),
        ];
    }

    /// <summary>The Targets row of one width and thread count; not measured (Met null, the reason given) where the peer did not run.</summary>
    public static Target SpeedUpTarget(int channels, int threads, OdeNetRunFigures? peer, OdeNetRunFigures ours, string whyNot)
    {
        string threshold = Format.Inv($"≥ {TargetSpeedUp:G}×");
        if (peer is null)
        {
            return new Target(TargetName(channels, threads), "not measured: " + whyNot, threshold, null);
        }

        double speedUp = peer.SecondsPerIteration / ours.SecondsPerIteration;
        return new Target(TargetName(channels, threads),
            Format.Inv($"{Format.Seconds(ours.SecondsPerIteration)} vs {Format.Seconds(peer.SecondsPerIteration)} per iteration: {Format.Ratio(speedUp)}"),
            threshold, Met(peer, ours));
    }

    /// <summary>The header of the arithmetic table (<see cref="OdeNetArithmetic"/>).</summary>
    public static readonly string[] ArithmeticHeader =
    [
        "C", "threads", "GFLOP/iteration torchdiffeq", "GFLOP/iteration OdeKernels", "achieved torchdiffeq (share of peak)", "achieved OdeKernels (share of peak)", "2× faster at the peer's work",
    ];

    /// <summary>
    /// One row of the arithmetic table: each side's work per iteration from its own NFE (torchdiffeq's per batch is
    /// the same per image: every image takes the batch's steps), its achieved rate against <paramref name="peak"/>, and
    /// whether 2× the peer is within the peak.
    /// </summary>
    public static IReadOnlyList<string> ArithmeticRow(int channels, int threads, OdeNetRunFigures? peer, OdeNetRunFigures ours, double peak)
    {
        const string None = "not run";
        int batch = OdeNetPeerSection.Batch;
        double ourWork = OdeNetArithmetic.GigaflopsPerIteration(channels, batch, ours.ForwardNfe, ours.BackwardNfe);
        double peerWork = peer is null ? double.NaN : OdeNetArithmetic.GigaflopsPerIteration(channels, batch, peer.ForwardNfe, peer.BackwardNfe);
        double peerRate = peerWork / (peer?.SecondsPerIteration ?? double.NaN);
        return
        [
            Format.Int(channels), Format.Int(threads),
            peer is null ? None : Format.Inv($"{peerWork:F1}"), Format.Inv($"{ourWork:F1}"),
            OdeNetArithmetic.Rate(peerRate, peak), OdeNetArithmetic.Rate(ourWork / ours.SecondsPerIteration, peak),
            peer is null ? None : OdeNetArithmetic.Verdict(peerRate, peak, TargetSpeedUp),
        ];
    }

    private static string Nfe(OdeNetRunFigures f) => Format.Inv($"{f.ForwardNfe:F1} + {f.BackwardNfe:F1}");
}
