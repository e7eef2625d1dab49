using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Report;

/// <summary>Fixed against adaptive steps and float32 against float64, for the forward solve and the Backsolve gradient.</summary>
internal static class PrecisionSection
{
    private const int Lanes = 4096;
    private const double End = 10;
    private const double Step = 0.1;
    private const double Tolerance = 1e-6;

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        ctx.Heading("Fixed against adaptive steps, float32 against float64");
        md.Append(Format.Inv($"{Lanes:N0} lanes, H = 50 (the float64 network holds the float32 network's parameters), Tsit5 over [0, {End}] saved at the end: "));
        md.Append(Format.Inv($"fixed steps of {Step}, or adaptive at rtol = atol = {Tolerance:0e0} (the embedded error estimate and the PI controller every step, ")); 
        md.Append("Hairer's starting step). Steps and evaluations are per lane (forward pass; accepted and rejected steps); throughput is lane-steps per second, ");
        md.Append("and the cost of one lane-evaluation shows the overhead of error control.\n\n");
        SolverOptions fixedSteps = SpiralWorkload.Fixed(Step), adaptive = SpiralWorkload.Adaptive(Tolerance, Tolerance);
        var rows = new List<IReadOnlyList<string>>
        {
            Forward(ctx, "float32", SpiralWorkload.Network(50), fixedSteps, "fixed"),
            Forward(ctx, "float64", SpiralWorkload.DoubleNetwork(), fixedSteps, "fixed"),
            Forward(ctx, "float32", SpiralWorkload.Network(50), adaptive, "adaptive"),
            Forward(ctx, "float64", SpiralWorkload.DoubleNetwork(), adaptive, "adaptive"),
            Gradient(ctx, "float32", SpiralWorkload.Network(50), fixedSteps, "fixed"),
            Gradient(ctx, "float64", SpiralWorkload.DoubleNetwork(), fixedSteps, "fixed"),
            Gradient(ctx, "float32", SpiralWorkload.Network(50), adaptive, "adaptive"),
            Gradient(ctx, "float64", SpiralWorkload.DoubleNetwork(), adaptive, "adaptive"),
        };
        Format.Table(md, ["solve", "precision", "steps", "steps / lane", "evaluations / lane", "best time", "lane-steps / s", "per lane-evaluation"], rows);
    }

    private static IReadOnlyList<string> Forward<T>(ReportContext ctx, string precision, IBatchedDifferentiableSystem<T> net, SolverOptions options, string kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReportContext.Log($"precision forward {precision} {kind}");
        var small = new ForwardCase<T, Tsit5>(net, 64, 1.0, options);
        ctx.WarmUpOnce($"precision-forward-{precision}-{kind}", () => small.Run());
        var run = new ForwardCase<T, Tsit5>(net, Lanes, End, options);
        SolverStats stats = run.Run().Stats;
        double seconds = TimingLoop.Best(() => run.Run(), 0.5).BestSeconds;
        return Row("forward", precision, kind, stats, seconds);
    }

    private static IReadOnlyList<string> Gradient<T>(ReportContext ctx, string precision, IBatchedDifferentiableSystem<T> net, SolverOptions options, string kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReportContext.Log($"precision gradient {precision} {kind}");
        var small = new GradientCase<T, Tsit5>(net, 64, 1.0, options, AdjointMethod.Backsolve);
        ctx.WarmUpOnce($"precision-gradient-{precision}-{kind}", () => small.Run());
        var run = new GradientCase<T, Tsit5>(net, Lanes, End, options, AdjointMethod.Backsolve);
        Gradient<T> g = run.Run();
        SolverStats forward = g.Solution.Stats, backward = g.BackwardStats;
        var both = new SolverStats(forward.Evaluations + backward.Evaluations, forward.AcceptedSteps + backward.AcceptedSteps, forward.RejectedSteps + backward.RejectedSteps);
        double seconds = TimingLoop.Best(() => run.Run(), 0.5).BestSeconds;
        return Row("gradient (Backsolve; forward + backward)", precision, kind, both, seconds);
    }

    private static IReadOnlyList<string> Row(string solve, string precision, string kind, SolverStats stats, double seconds)
    {
        double steps = (double)(stats.AcceptedSteps + stats.RejectedSteps) / Lanes;
        double evaluations = (double)stats.Evaluations / Lanes;
        return [solve, precision, kind, Format.Significant(steps, 3), Format.Significant(evaluations, 3), Format.Seconds(seconds),
            Format.Rate(Lanes * steps / seconds), Format.Seconds(seconds / (Lanes * evaluations))];
    }
}
