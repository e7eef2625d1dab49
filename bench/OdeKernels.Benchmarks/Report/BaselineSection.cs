using System;
using System.Collections.Generic;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// The generated kernels against the plain C# implementation (<see cref="PlainSpiralNetwork"/>,
/// <see cref="PlainTsit5Solver"/>): first a check that both compute the same solution, then their times.
/// </summary>
internal static class BaselineSection
{
    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        ctx.Heading("Against a plain C# implementation");
        md.Append("The baseline is the spiral network and fixed-step Tsit5 written the way a user would without the generator ");
        md.Append("(`bench/OdeKernels.Benchmarks/Baselines/`): batch-major arrays `[lanes, features]`, a generic dense layer that ");
        md.Append("takes each output as `TensorPrimitives.Dot` of an input row with a weight row, `TensorPrimitives.Tanh` and ");
        md.Append("`Multiply` over whole layers, and each Tsit5 stage state built with `TensorPrimitives.MultiplyAdd` over the batch. ");
        md.Append("It uses the generated network's parameters, so it must compute the same numbers.\n\n");
        SanityCheck(ctx);

        var rows = new List<IReadOnlyList<string>>();
        foreach ((int hidden, int lanes) in new[] { (50, 64), (50, 4096), (50, 65536), (16, 4096), (256, 4096) })
        {
            int steps = ForwardSection.Steps(lanes);
            ReportContext.Log($"plain C# H={hidden} lanes={lanes} steps={steps}");
            double plain = MeasurePlain(ctx, hidden, lanes, steps);
            double ours = ctx.Forward.TryGetValue((hidden, lanes, steps), out double t) ? t : ForwardSection.Measure(ctx, hidden, lanes, steps);
            CppResult? reference = ctx.CppRun("tsit5", hidden, lanes, steps);
            rows.Add([Format.Int(hidden), Format.Int(lanes), Format.Int(steps), Format.Seconds(plain), Format.Seconds(ours), Format.Ratio(plain / ours),
                reference is null ? "n/a" : Format.Seconds(reference.BestSeconds), reference is null ? "n/a" : Format.Ratio(plain / reference.BestSeconds)]);
            if (hidden == 50 && lanes == 4096)
            {
                double speedup = plain / ours;
                ctx.Targets.Add(new Target("Spiral forward (same run) ≥ 20× the plain C# baseline",
                    Format.Inv($"{Format.Seconds(ours)} vs plain C# {Format.Seconds(plain)}: {Format.Ratio(speedup)}"), "≥ 20×", speedup >= 20));
            }
        }

        Format.Table(md, ["H", "lanes", "steps", "plain C#", "OdeKernels", "OdeKernels speed-up", "C++ reference", "C++ speed-up"], rows);
        md.Append("\"Speed-up\" is the plain C# time divided by the other's time. The C++ column puts the 20× target in scale: a ");
        md.Append("hand-vectorised C++ loop over the same work gains the factor shown there over this baseline.\n\n");
    }

    private static double MeasurePlain(ReportContext ctx, int hidden, int lanes, int steps)
    {
        var network = new PlainSpiralNetwork(SpiralWorkload.Network(hidden).Parameters, hidden);
        var solver = new PlainTsit5Solver();
        float[] y0 = SpiralWorkload.InitialStates<float>(lanes);
        float[] y = new float[y0.Length];
        float[] ySmall = new float[128];
        ctx.WarmUpOnce($"plain-{hidden}", () =>
        {
            y0.AsSpan(0, Math.Min(128, y0.Length)).CopyTo(ySmall);
            solver.Solve(network, ySmall.AsSpan(0, Math.Min(128, y0.Length)), Math.Min(64, lanes), 10, (float)SpiralWorkload.FixedStep);
        });
        return TimingLoop.Best(() =>
        {
            y0.CopyTo(y, 0);
            solver.Solve(network, y, lanes, steps, (float)SpiralWorkload.FixedStep);
        }, 0.5).BestSeconds;
    }

    private static void SanityCheck(ReportContext ctx)
    {
        const int hidden = 50, lanes = 4096, steps = 100;
        IBatchedDifferentiableSystem<float> net = SpiralWorkload.Network(hidden);
        Solution<float> ours = new ForwardCase<float, Tsit5>(net, lanes, steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed()).Run();
        Solution<double> wide = new ForwardCase<double, Tsit5>(SpiralWorkload.DoubleNetwork(), lanes, steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed()).Run();
        float[] y = SpiralWorkload.InitialStates<float>(lanes);
        new PlainTsit5Solver().Solve(new PlainSpiralNetwork(net.Parameters, hidden), y, lanes, steps, (float)SpiralWorkload.FixedStep);

        ReadOnlySpan<float> end = ours.States.Slice(lanes * 2, lanes * 2);
        ReadOnlySpan<double> endWide = wide.States.Slice(lanes * 2, lanes * 2);
        double plainDiff = 0, roundingDiff = 0, scale = 0;
        for (int i = 0; i < end.Length; i++)
        {
            plainDiff = Math.Max(plainDiff, Math.Abs(y[i] - end[i]));
            roundingDiff = Math.Max(roundingDiff, Math.Abs(endWide[i] - end[i]));
            scale = Math.Max(scale, Math.Abs(endWide[i]));
        }

        // The two float32 codes round differently (tanh, summation order); their gap should be of the order of float32
        // rounding itself, which the float64 solve of the same network measures.
        double tolerance = Math.Max(10 * roundingDiff, 1e-5 * scale);
        bool same = plainDiff <= tolerance;
        var md = ctx.Body;
        md.Append(Format.Inv($"**Sanity check ({(same ? "PASS" : "FAIL")})**: after {steps} steps of {lanes:N0} lanes (H = {hidden}), the plain C# solution differs from `Ode.Solve`'s by at most "));
        md.Append(Format.Inv($"{Format.Significant(plainDiff, 2)} (largest |y| = {Format.Significant(scale, 3)}); float32 rounding alone (`Ode.Solve` in float64 against float32, same parameters) moves it by {Format.Significant(roundingDiff, 2)}; "));
        md.Append(Format.Inv($"the check allows max(10 × that, 1e-5 × |y|) = {Format.Significant(tolerance, 2)}.\n\n"));
        ReportContext.Log($"sanity check {(same ? "PASS" : "FAIL")}: plain vs Ode.Solve {plainDiff:E2}, float32 rounding {roundingDiff:E2}");
    }
}
