using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// One fused Runge-Kutta step per built-in tableau on the spiral network: a fixed-step solve of 4,096 lanes over 100
/// steps, its time divided by the steps (so the per-solve setup, one evaluation in 100 steps' worth, is included).
/// </summary>
internal static class StepSection
{
    private const int Lanes = 4096;
    private const int Steps = 100;
    private const int Hidden = 50;
    private const int Passes = 2;

    /// <summary>One tableau's row: how to time a step, and its C++ counterpart if the reference has one.</summary>
    private sealed record Entry(string Name, TableauInfo Info, string? CppMethod, Func<double> Time);

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        ctx.Heading("One fused step per built-in tableau");
        md.Append(Format.Inv($"Spiral network (H = {Hidden}, float32), {Lanes:N0} lanes, fixed steps of 0.01: the best time of a {Steps}-step `Ode.Solve` divided by {Steps}, "));
        md.Append(Format.Inv($"best of {Passes} passes over all tableaux (so a burst of other work on the machine does not land on one row only). "));
        md.Append("Evaluations per step count the stages that call the network (FSAL methods reuse their last stage). ");
        md.Append("Rk4 and Tsit5 are compared with the C++ reference's `rk4` and `tsit5` lines at the same size.\n\n");
        Entry[] entries =
        [
            Case<Euler>(ctx, "Euler", null), Case<Midpoint>(ctx, "Midpoint", null), Case<Heun>(ctx, "Heun", null),
            Case<Ralston>(ctx, "Ralston", null), Case<Rk4>(ctx, "Rk4", "rk4"), Case<Rk38>(ctx, "Rk38", null),
            Case<HeunEuler>(ctx, "HeunEuler", null), Case<Bosh3>(ctx, "Bosh3", null), Case<Dopri5>(ctx, "Dopri5", null),
            Case<Tsit5>(ctx, "Tsit5", "tsit5"), Case<Vern7>(ctx, "Vern7", null),
        ];
        double[] best = Enumerable.Repeat(double.PositiveInfinity, entries.Length).ToArray();
        for (int pass = 0; pass < Passes; pass++)
        {
            for (int i = 0; i < entries.Length; i++)
            {
                ReportContext.Log($"step {entries[i].Name} (pass {pass + 1})");
                best[i] = Math.Min(best[i], entries[i].Time());
            }
        }

        var rows = new List<IReadOnlyList<string>>();
        for (int i = 0; i < entries.Length; i++)
        {
            (string name, TableauInfo info, string? cppMethod, _) = entries[i];
            double perStep = best[i] / Steps;
            CppResult? reference = cppMethod is null ? null : ctx.CppRun(cppMethod, Hidden, Lanes, Steps);
            int evaluations = info.Stages - (info.IsFsal ? 1 : 0);
            rows.Add([name, Format.Int(info.Stages), Format.Int(evaluations), Format.Seconds(perStep), Format.Seconds(perStep / Lanes),
                Format.Seconds(perStep / Lanes / evaluations),
                reference is null ? string.Empty : Format.Seconds(reference.BestSeconds / Steps),
                reference is null ? string.Empty : Format.Ratio(reference.BestSeconds / Steps / perStep)]);
        }

        Format.Table(md, ["tableau", "stages", "evaluations / step", "time / step", "per lane-step", "per lane-evaluation", "C++ time / step", "ratio to C++"], rows);
    }

    private static Entry Case<TTableau>(ReportContext ctx, string name, string? cppMethod)
        where TTableau : struct, IRungeKuttaTableau
    {
        IBatchedDifferentiableSystem<float> net = SpiralWorkload.Network(Hidden);
        var small = new ForwardCase<float, TTableau>(net, 64, 0.1, SpiralWorkload.Fixed());
        var run = new ForwardCase<float, TTableau>(net, Lanes, Steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed());
        return new Entry(name, TTableau.Info, cppMethod, () =>
        {
            ctx.WarmUpOnce($"step-{name}", () => small.Run());
            if (cppMethod is not null)
            {
                ctx.CppRun(cppMethod, Hidden, Lanes, Steps);
            }

            return TimingLoop.Best(() => run.Run(), 0.3).BestSeconds;
        });
    }
}
