using System.Collections.Generic;
using System.Linq;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Report;

/// <summary>How cost grows with lanes and with steps: log-log slopes of time (1 = linear).</summary>
internal static class ScalingSection
{
    private const int Hidden = 50;
    private const double Tolerance = 0.1;
    private static readonly int[] LaneCounts = [1024, 4096, 16384, 65536];
    private const int LaneSeriesSteps = 20;
    private static readonly int[] StepCounts = [25, 50, 100, 200, 400];
    // 1,024 lanes (past one tile, so per-call costs stay small): at 4,096 lanes the Backsolve series took a minute.
    private const int StepSeriesLanes = 1024;

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        ctx.Heading("Scaling in lanes and steps");
        md.Append(Format.Inv($"Least-squares slope of log(time) against log(lanes) ({string.Join(", ", LaneCounts.Select(static l => Format.Int(l)))} lanes, {LaneSeriesSteps} steps) "));
        md.Append(Format.Inv($"and against log(steps) ({string.Join(", ", StepCounts)} steps, {StepSeriesLanes:N0} lanes); H = {Hidden}, float32, Tsit5, fixed step 0.01. "));
        md.Append(Format.Inv($"Each point is the best of two passes (the second in reverse order). A slope of 1 is linear growth; the target counts |slope − 1| ≤ {Tolerance} as linear.\n\n"));
        var rows = new List<IReadOnlyList<string>>();
        var slopes = new List<double>();
        foreach (AdjointMethod? method in new AdjointMethod?[] { null, AdjointMethod.Backsolve })
        {
            string what = method is null ? "forward" : $"gradient ({method})";
            double[] laneTimes = Series(LaneCounts, l => Time(ctx, method, l, LaneSeriesSteps));
            double[] stepTimes = Series(StepCounts, s => Time(ctx, method, StepSeriesLanes, s));
            double laneSlope = LogLogFit.Slope(LaneCounts.Select(static l => (double)l).ToArray(), laneTimes);
            double stepSlope = LogLogFit.Slope(StepCounts.Select(static s => (double)s).ToArray(), stepTimes);
            slopes.Add(laneSlope);
            slopes.Add(stepSlope);
            rows.Add([what, "lanes", string.Join(", ", laneTimes.Select(Format.Seconds)), Format.Significant(laneSlope, 3)]);
            rows.Add([what, "steps", string.Join(", ", stepTimes.Select(Format.Seconds)), Format.Significant(stepSlope, 3)]);
        }

        Format.Table(md, ["solve", "against", "best times", "log-log slope"], rows);
        bool linear = slopes.All(static s => System.Math.Abs(s - 1) <= Tolerance);
        ctx.Targets.Add(new Target("Cost grows linearly in lanes (1k..64k) and steps (log-log slopes, forward and Backsolve gradient)",
            Format.Inv($"forward: lanes {Format.Significant(slopes[0], 3)}, steps {Format.Significant(slopes[1], 3)}; gradient: lanes {Format.Significant(slopes[2], 3)}, steps {Format.Significant(slopes[3], 3)}"),
            Format.Inv($"each within 1 ± {Tolerance}"), linear));
    }

    /// <summary>
    /// Times every point twice, the second pass in reverse order, and keeps each point's best: a burst of other work
    /// on a shared machine then has to hit both passes at that point to bend the slope.
    /// </summary>
    private static double[] Series(int[] points, System.Func<int, double> time)
    {
        double[] best = points.Select(time).ToArray();
        for (int i = points.Length - 1; i >= 0; i--)
        {
            best[i] = System.Math.Min(best[i], time(points[i]));
        }

        return best;
    }

    private static double Time(ReportContext ctx, AdjointMethod? method, int lanes, int steps)
    {
        ReportContext.Log($"scaling {(method?.ToString() ?? "forward")} lanes={lanes} steps={steps}");
        if (method is { } m)
        {
            return GradientSection.Measure(ctx, Hidden, lanes, steps, m, 0.3);
        }

        return ForwardSection.Measure(ctx, Hidden, lanes, steps, 0.3);
    }
}
