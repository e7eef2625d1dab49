using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace OdeKernels.Benchmarks.Report;

/// <summary>Bytes allocated by one gradient of each adjoint method as the number of fixed steps grows from 10³ to 10⁵.</summary>
internal static class MemorySection
{
    private const int Lanes = 16;
    private const int Hidden = 50;
    // Up to 3·10⁴: growth per added step is already plain there, and 10⁵ steps took a fifth of the report.
    private static readonly int[] StepCounts = [1_000, 3_000, 10_000, 30_000];
    private static readonly AdjointMethod[] Methods = [AdjointMethod.Backsolve, AdjointMethod.Checkpointed, AdjointMethod.Direct];

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        ctx.Heading("Memory of the adjoints against the number of steps");
        md.Append(Format.Inv($"Bytes allocated on the calling thread (`GC.GetAllocatedBytesForCurrentThread`) by one `Ode.Gradient` (the least of two calls after a warm-up call), each method on a fresh thread (so the solver's per-thread workspaces are sized for this batch), "));
        md.Append(Format.Inv($"{Lanes} lanes (one 512-bit tile), H = {Hidden}, float32, Tsit5 with fixed steps of 1/N over [0, 1]. "));
        md.Append("\"Per added step\" is the growth from the previous row divided by the added steps.\n\n");
        var bytes = new Dictionary<AdjointMethod, long[]>();
        foreach (AdjointMethod method in Methods)
        {
            bytes[method] = new long[StepCounts.Length];
            for (int i = 0; i < StepCounts.Length; i++)
            {
                ReportContext.Log($"memory {method} steps={StepCounts[i]}");
                bytes[method][i] = GradientSection.AllocatedBytes(Hidden, Lanes, StepCounts[i], method).Least;
            }
        }

        var rows = new List<IReadOnlyList<string>>();
        for (int i = 0; i < StepCounts.Length; i++)
        {
            var row = new List<string> { Format.Int(StepCounts[i]) };
            foreach (AdjointMethod method in Methods)
            {
                long b = bytes[method][i];
                row.Add(Format.Bytes(b));
                row.Add(i == 0 ? string.Empty : Format.Significant((double)(b - bytes[method][i - 1]) / (StepCounts[i] - StepCounts[i - 1]), 3));
            }

            rows.Add(row);
        }

        var header = new List<string> { "steps" };
        foreach (AdjointMethod method in Methods)
        {
            header.Add($"{method} bytes");
            header.Add("per added step");
        }

        Format.Table(md, header, rows);
        md.Append("Over the whole range (10³ → 10⁵ steps): ");
        md.Append(string.Join("; ", Methods.Select(m =>
        {
            long[] b = bytes[m];
            double perStep = (double)(b[^1] - b[0]) / (StepCounts[^1] - StepCounts[0]);
            double slope = LogLogFit.Slope(StepCounts.Select(static s => (double)s).ToArray(), b.Select(static v => (double)v).ToArray());
            return Format.Inv($"{m} {Format.Significant(perStep, 3)} bytes per added step, log-log slope {Format.Significant(slope, 2)}");
        })));
        md.Append(" (slope 0: constant, 0.5: grows as √N, 1: linear). Growth comes in jumps where a buffer doubles, so single rows vary.\n\n");
        long fresh = bytes[AdjointMethod.Backsolve][0];
        long here = GradientSection.AllocatedBytesHere(Hidden, Lanes, StepCounts[0], AdjointMethod.Backsolve).Least;
        md.Append(Format.Inv($"The same Backsolve gradient ({StepCounts[0]:N0} steps) on the report's main thread, which has solved 65,536-lane batches before, allocates {Format.Bytes(here)} bytes (on a fresh thread: {Format.Bytes(fresh)}): "));
        md.Append(here == fresh
            ? "the adjoint's scratch buffers live with the thread's solver workspace, so a small call after a large one pays nothing extra.\n\n"
            : "the difference is what a call pays for buffers sized by the thread's largest batch so far rather than by its own lanes.\n\n");
        Plots.Save(Path.Combine(ctx.ResultsDirectory, "memory-vs-steps.svg"), ctx.Tagged(Format.Inv($"Bytes allocated by one gradient ({Lanes} lanes, float32, Tsit5)")),
            "steps, log₁₀ (3 = 1,000, 4 = 10,000, 5 = 100,000)", "bytes allocated", true,
            Methods.Select((m, k) => new PlotLine(m.ToString(), Plots.Log10(StepCounts), bytes[m].Select(static b => (double)b).ToArray(), Plots.Pair(k).Dark)));
        md.Append("![Memory against steps](memory-vs-steps.svg)\n\n");
    }
}
