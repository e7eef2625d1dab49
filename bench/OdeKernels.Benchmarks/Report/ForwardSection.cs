using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// Forward solves of the spiral network (float32, Tsit5, fixed steps of 0.01) across lanes and hidden widths, each
/// beside the C++ reference at the same size, and the headline figure against the reference's <c>tsit5</c> line.
/// </summary>
internal static class ForwardSection
{
    /// <summary>The lane counts of the grid.</summary>
    public static readonly int[] Lanes = [1, 64, 1024, 4096, 16384, 65536];

    /// <summary>Steps per solve: 100 (the reference's default) up to 4,096 lanes, 20 beyond, to keep the quick profile quick.</summary>
    public static int Steps(int lanes) => lanes > 4096 ? 20 : 100;

    /// <summary>Best seconds of one fixed-step float32 Tsit5 forward solve, recorded in the context.</summary>
    public static double Measure(ReportContext ctx, int hidden, int lanes, int steps, double budget = 0.5)
    {
        IBatchedDifferentiableSystem<float> net = SpiralWorkload.Network(hidden);
        var small = new ForwardCase<float, Tsit5>(net, 64, 0.1, SpiralWorkload.Fixed());
        ctx.WarmUpOnce($"forward-{hidden}", () => small.Run());
        var run = new ForwardCase<float, Tsit5>(net, lanes, steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed());
        double best = TimingLoop.Best(() => run.Run(), budget).BestSeconds;
        ctx.Forward[(hidden, lanes, steps)] = ctx.Forward.TryGetValue((hidden, lanes, steps), out double old) ? Math.Min(old, best) : best;
        return ctx.Forward[(hidden, lanes, steps)];
    }

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        ctx.Heading("Forward solve across lanes and hidden widths");
        md.Append("Spiral network x³ → Dense(H, tanh) → Dense(2), float32, Tsit5 with fixed steps of 0.01 (six evaluations per step, ");
        md.Append("no error estimate), `Ode.Solve` with one save at the end. Throughput is lane-steps per second (lanes × steps / best time). ");
        md.Append("The C++ column is the `tsit5` line of the project's C++ baseline (`bench/cpp/spiral_reference.cpp`, built with ");
        md.Append("`-DSPIRAL_HIDDEN=H`) run at the same lanes, steps and width just before the C# figure; ratio = C# throughput / C++ throughput.\n\n");

        var rows = new List<IReadOnlyList<string>>();
        var plotLines = new List<PlotLine>();
        foreach (int hidden in SpiralWorkload.HiddenWidths)
        {
            (string dark, string light) = Plots.Pair(Array.IndexOf(SpiralWorkload.HiddenWidths, hidden));
            var x = new List<int>();
            var csharp = new List<double>();
            var cpp = new List<double>();
            foreach (int lanes in Lanes)
            {
                int steps = Steps(lanes);
                ReportContext.Log($"forward H={hidden} lanes={lanes} steps={steps}");
                CppResult? reference = ctx.CppRun("tsit5", hidden, lanes, steps);
                double seconds = Measure(ctx, hidden, lanes, steps);
                double rate = (double)lanes * steps / seconds;
                x.Add(lanes);
                csharp.Add(rate);
                cpp.Add(reference?.LaneStepsPerSecond ?? double.NaN);
                rows.Add([Format.Int(hidden), Format.Int(lanes), Format.Int(steps), Format.Seconds(seconds), Format.Rate(rate), Format.Seconds(seconds / ((double)lanes * steps)),
                    reference is null ? "n/a" : Format.Rate(reference.LaneStepsPerSecond), reference is null ? "n/a" : Format.Ratio(rate / reference.LaneStepsPerSecond)]);
            }

            plotLines.Add(new PlotLine($"OdeKernels, H = {hidden}", Plots.Log2(x), csharp.ToArray(), dark));
            if (cpp.Any(double.IsFinite))
            {
                plotLines.Add(new PlotLine($"C++ baseline, H = {hidden}", Plots.Log2(x), cpp.ToArray(), light));
            }
        }

        Format.Table(md, ["H", "lanes", "steps", "best time", "throughput", "per lane-step", "C++ throughput", "ratio to C++"], rows);
        Plots.Save(Path.Combine(ctx.ResultsDirectory, "throughput-vs-lanes.svg"), ctx.Tagged("Forward throughput (float32, Tsit5, fixed step)"),
            "lanes, log₂ (0 = 1 lane, 6 = 64, 12 = 4,096, 16 = 65,536)", "lane-steps per second", true, plotLines);
        md.Append("![Throughput against lanes](throughput-vs-lanes.svg)\n\n");
        WidthPlot(ctx);
        Headline(ctx);
    }

    private static void WidthPlot(ReportContext ctx)
    {
        const int lanes = 4096;
        int steps = Steps(lanes);
        double[] widths = SpiralWorkload.HiddenWidths.Select(static h => (double)h).ToArray();
        double[] ours = SpiralWorkload.HiddenWidths.Select(h => lanes * steps / ctx.Forward[(h, lanes, steps)]).ToArray();
        double[] cpp = SpiralWorkload.HiddenWidths.Select(h => ctx.CppRun("tsit5", h, lanes, steps)?.LaneStepsPerSecond ?? double.NaN).ToArray();
        var lines = new List<PlotLine> { new("OdeKernels", widths, ours, Plots.Pair(0).Dark) };
        if (cpp.Any(double.IsFinite))
        {
            lines.Add(new PlotLine("C++ baseline", widths, cpp, Plots.Pair(0).Light));
        }

        Plots.Save(Path.Combine(ctx.ResultsDirectory, "throughput-vs-hidden.svg"), ctx.Tagged("Forward throughput at 4,096 lanes (float32, Tsit5, fixed step)"),
            "hidden width H", "lane-steps per second", true, lines);
        ctx.Body.Append("![Throughput against hidden width](throughput-vs-hidden.svg)\n\n");
    }

    private static void Headline(ReportContext ctx)
    {
        const int hidden = 50, lanes = 4096, steps = 100;
        ReportContext.Log("headline: C++ tsit5 and OdeKernels at 4096 lanes, 100 steps, measured twice each, alternately");
        CppResult? reference = ctx.CppRun("tsit5", hidden, lanes, steps, again: true);
        double seconds = Measure(ctx, hidden, lanes, steps, budget: 0.75);
        reference = ctx.CppRun("tsit5", hidden, lanes, steps, again: true) ?? reference;
        seconds = Measure(ctx, hidden, lanes, steps, budget: 0.75);
        double rate = lanes * steps / seconds;
        var md = ctx.Body;
        ctx.Heading("Headline: the C++ baseline's `tsit5` line", level: 3);
        md.Append(Format.Inv($"4,096 lanes, 100 fixed steps, H = 50, float32 (the reference's defaults; each side measured twice, alternately, best kept): "));
        md.Append(Format.Inv($"OdeKernels {Format.Seconds(seconds)}, {Format.LaneSteps(rate)}"));
        if (reference is null)
        {
            md.Append(Format.Inv($"; the C++ reference was not measured: {ctx.CppMissing}.\n\n"));
            ctx.Targets.Add(new Target("Spiral forward ≥ 50% of the C++ reference throughput", Format.LaneSteps(rate) + " (C++ not measured: " + ctx.CppMissing + ")", "≥ 0.5×", null));
            return;
        }

        double ratio = rate / reference.LaneStepsPerSecond;
        md.Append(Format.Inv($"; C++ {Format.Seconds(reference.BestSeconds)}, {Format.LaneSteps(reference.LaneStepsPerSecond)}; throughput ratio **{Format.Ratio(ratio)}**.\n\n"));
        ctx.Targets.Add(new Target("Spiral forward (float32, Tsit5, 4,096 lanes, 100 fixed steps) ≥ 50% of the C++ reference throughput",
            Format.Inv($"{Format.LaneSteps(rate)} vs C++ {Format.LaneSteps(reference.LaneStepsPerSecond)}: {Format.Ratio(ratio)}"), "≥ 0.5×", ratio >= 0.5));
    }
}
