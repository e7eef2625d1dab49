using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// Speed-up of one solve and one Backsolve gradient on 1, 2 and more threads (<see cref="SolverOptions.MaxDegreeOfParallelism"/>):
/// the only section that times more than one thread.
/// </summary>
internal static class ThreadScalingSection
{
    private const int Hidden = 50;
    private const double Target = 1.8;

    // Steps per lane count: few at 64k lanes, where one single-threaded Backsolve call takes about a second, so that
    // the section stays within about 40 s on 2 cores.
    private static readonly (int Lanes, int Steps)[] Cases = [(1024, 100), (65536, 10)];

    public static void Run(ReportContext ctx)
    {
        int[] threads = ThreadCounts(Environment.ProcessorCount);
        var md = ctx.Body;
        ctx.Heading("Threads");
        md.Append(Format.Inv($"Speed-up of one call on N threads (`SolverOptions.MaxDegreeOfParallelism = N`) over the same call on 1 thread; H = {Hidden}, float32, Tsit5, fixed step {SpiralWorkload.FixedStep}. "));
        md.Append(Format.Inv($"The lanes are solved in blocks of 256, the same blocks on every thread count, so every N gives the same bits. This machine has {Environment.ProcessorCount} cores.\n\n"));
        var rows = new List<IReadOnlyList<string>>();
        var atTwo = new List<double>();
        foreach (AdjointMethod? method in new AdjointMethod?[] { null, AdjointMethod.Backsolve })
        {
            foreach ((int lanes, int steps) in Cases)
            {
                double single = Time(method, lanes, steps, 1);
                var row = new List<string> { method is null ? "forward" : $"gradient ({method})", Format.Int(lanes), Format.Int(steps), Format.Seconds(single) };
                foreach (int n in threads.Skip(1))
                {
                    double speedUp = single / Time(method, lanes, steps, n);
                    row.Add(Format.Ratio(speedUp));
                    if (n == 2 && lanes == 65536)
                    {
                        atTwo.Add(speedUp);
                    }
                }

                rows.Add(row);
            }
        }

        Format.Table(md, ["call", "lanes", "steps", "1 thread", .. threads.Skip(1).Select(static n => Format.Inv($"{n} threads"))], rows);
        ctx.Targets.Add(atTwo.Count == 0
            ? new Target("≥ 1.8× on 2 cores at 64k lanes (forward and Backsolve gradient)", "one core only", Format.Inv($"≥ {Target}×"), null)
            : new Target("≥ 1.8× on 2 cores at 64k lanes (forward and Backsolve gradient)",
                Format.Inv($"forward {Format.Ratio(atTwo[0])}, Backsolve {Format.Ratio(atTwo[1])}"), Format.Inv($"≥ {Target}×"), atTwo.All(static s => s >= Target)));
    }

    /// <summary>1, 2, 4, … up to the cores, and the core count itself.</summary>
    private static int[] ThreadCounts(int cores)
    {
        var counts = new List<int> { 1 };
        for (int n = 2; n <= cores; n *= 2)
        {
            counts.Add(n);
        }

        if (counts[^1] != cores)
        {
            counts.Add(cores);
        }

        return [.. counts];
    }

    private static double Time(AdjointMethod? method, int lanes, int steps, int threads)
    {
        ReportContext.Log($"threads {(method?.ToString() ?? "forward")} lanes={lanes} steps={steps} threads={threads}");
        IBatchedDifferentiableSystem<float> net = SpiralWorkload.Network(Hidden);
        SolverOptions options = SpiralWorkload.Fixed() with { MaxDegreeOfParallelism = threads };
        double end = steps * SpiralWorkload.FixedStep;
        if (method is { } m)
        {
            var gradient = new GradientCase<float, Tsit5>(net, lanes, end, options, m);
            return TimingLoop.Best(() => gradient.Run(), budgetSeconds: 0.3, minSamples: 2).BestSeconds;
        }

        var forward = new ForwardCase<float, Tsit5>(net, lanes, end, options);
        return TimingLoop.Best(() => forward.Run(), budgetSeconds: 0.3, minSamples: 2).BestSeconds;
    }
}
