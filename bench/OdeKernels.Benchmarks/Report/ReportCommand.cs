using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using OdeKernels.Benchmarks.Baselines;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// The quick benchmark report: measures every suite with the report's own timing loops (a few minutes on two cores)
/// and writes <c>bench/results/REPORT.md</c> with its SVG plots.
/// </summary>
internal static class ReportCommand
{
    /// <summary>The whole report's time budget on a 2-core machine (issue #12: at most five minutes), judged as a target.</summary>
    public static readonly TimeSpan ReportBudget = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The sections <c>--only</c> can run alone: each wraps itself in <see cref="SectionMerge"/>'s markers and its
    /// targets' names start with its prefix, so that its run replaces its part of an existing REPORT.md.
    /// </summary>
    private static readonly AloneSection[] Alone =
    [
        new(OneTrajectorySection.Name, OneTrajectorySection.Run, "One trajectory"), // its state-path rows ("One trajectory, state path …"), and the span-path rows of earlier reports
        new(FlowPeerSection.Name, FlowPeerSection.Run, FlowPeerSection.TargetPrefix),
        new(FusedMultiplyAddSection.Name, FusedMultiplyAddSection.Run, FusedMultiplyAddSection.TargetPrefix),

        // Not in the full report: a C = 64 training iteration is about 1 GFLOP an image on each side (issue #12's
        // five-minute budget); run alone with --only odenet.
        new(OdeNetPeerSection.Name, OdeNetPeerSection.Run, OdeNetPeerSection.TargetPrefix),
    ];

    /// <summary>Whether <c>--only <paramref name="name"/></c> names a section that can run alone.</summary>
    public static bool CanRunAlone(string name) => Array.Exists(Alone, a => a.Name == name);

    public static int Run(string[] args)
    {
        string? root = CppReference.RepositoryRoot();
        string? folder = null, only = null;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--only" && i + 1 < args.Length)
            {
                only = args[++i];
            }
            else
            {
                folder = args[i];
            }
        }

        AloneSection? alone = only is null ? null : Array.Find(Alone, a => a.Name == only);
        if (only is not null && alone is null)
        {
            Console.Error.WriteLine($"--only {only}: unknown section; the sections that can run alone are: {string.Join(", ", Array.ConvertAll(Alone, a => a.Name))}");
            return 2;
        }

        string results = folder is not null ? Path.GetFullPath(folder) : Path.Combine(root ?? Directory.GetCurrentDirectory(), "bench", "results");
        Directory.CreateDirectory(results);

        // Everything is written to a staging folder beside the results and moved in only when the run completes, so
        // an interrupted or failed run leaves the tracked report and plots as they were (and the tree clean).
        string staging = StagingFolder(results);
        try
        {
            var ctx = new ReportContext(staging);
            int exit = alone is not null ? RunOne(ctx, alone, results, staging) : RunAll(ctx, staging);
            Publish(staging, results);
            return exit;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>A fresh folder beside <paramref name="results"/> (same file system, so the final moves do not copy).</summary>
    private static string StagingFolder(string results)
    {
        string staging = Path.Combine(Path.GetDirectoryName(results)!, "." + Path.GetFileName(results) + ".partial-" + Environment.ProcessId);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>Moves every file of the completed run into <paramref name="results"/>, replacing the previous ones.</summary>
    private static void Publish(string staging, string results)
    {
        foreach (string file in Directory.GetFiles(staging))
        {
            File.Move(file, Path.Combine(results, Path.GetFileName(file)), overwrite: true);
        }

        ReportContext.Log($"results in {results}");
    }

    private static int RunAll(ReportContext ctx, string staging)
    {
        var clock = Stopwatch.StartNew();
        ReportContext.Log($"report → {staging} (moved into place when complete); {ctx.Machine.Cpu}, {ctx.Machine.Cores} cores, {ctx.Machine.Runtime}");
        ReportContext.Log(ctx.Cpp is null ? $"C++ baseline unavailable: {ctx.CppMissing}" : $"C++ baseline {ctx.Cpp.SourcePath} ({ctx.Cpp.CompilerVersion})");

        StepSection.Run(ctx);
        ForwardSection.Run(ctx);
        BaselineSection.Run(ctx);
        GradientSection.Run(ctx);
        IssueWorkloadsSection.Run(ctx);
        PeersSection.Run(ctx);
        PrecisionSection.Run(ctx);
        ScalingSection.Run(ctx);
        ThreadScalingSection.Run(ctx);
        MemorySection.Run(ctx);
        NfeSection.Run(ctx);
        OneTrajectorySection.Run(ctx);
        FlowPeerSection.Run(ctx);
        Method(ctx);
        ctx.Targets.Add(DurationTarget(ctx));

        double cpuShare = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds / (clock.Elapsed.TotalSeconds - ctx.CppWallSeconds);
        string report = Compose(ctx, clock.Elapsed, cpuShare);
        File.WriteAllText(Path.Combine(staging, "REPORT.md"), report);
        ReportContext.Log($"wrote REPORT.md in {clock.Elapsed.TotalSeconds:F0} s");
        foreach (Target t in ctx.Targets)
        {
            Console.WriteLine($"  {(t.Met is null ? "NOT MEASURED" : t.Met.Value ? "MET" : "NOT MET"),-12} {t.Name}: {t.Figure}");
        }

        return 0;
    }

    /// <summary>
    /// Measures one section and merges it into the existing REPORT.md (its section and its rows of the Targets table
    /// replaced), so that a change to one part of the library can be re-measured without the whole report.
    /// </summary>
    private static int RunOne(ReportContext ctx, AloneSection alone, string results, string staging)
    {
        alone.Run(ctx);
        string path = Path.Combine(results, "REPORT.md");
        string section = ctx.Body.ToString();
        string report = File.Exists(path)
            ? SectionMerge.Merge(File.ReadAllText(path), alone.Name, section, alone.TargetPrefix, ctx.Targets)
            : "# OdeKernels benchmark report\n\n## Targets\n\n| target | measured | threshold | status |\n| --- | ---: | ---: | ---: |\n" + string.Join('\n', ctx.Targets.ConvertAll(SectionMerge.Row)) + "\n\n" + section;
        File.WriteAllText(Path.Combine(staging, "REPORT.md"), report);
        ReportContext.Log($"merged section {alone.Name} into {path}");
        foreach (Target t in ctx.Targets)
        {
            Console.WriteLine($"  {(t.Met is null ? "NOT MEASURED" : t.Met.Value ? "MET" : "NOT MET"),-12} {t.Name}: {t.Figure}");
        }

        return 0;
    }

    /// <summary>The report's own duration against <see cref="ReportBudget"/> (everything but writing the file).</summary>
    private static Target DurationTarget(ReportContext ctx)
    {
        TimeSpan elapsed = ctx.Elapsed;
        string peers = ctx.PeerSeconds > 0 ? Format.Inv($", of which {ctx.PeerSeconds:F0} s in the torchdiffeq peer process") : string.Empty;
        return new Target(Format.Inv($"Report duration (quick profile, {Environment.ProcessorCount} cores) ≤ {ReportBudget.TotalMinutes:F0} min"),
            Format.Inv($"{elapsed.TotalMinutes:F1} min ({elapsed.TotalSeconds:F0} s{peers}; per section under \"How this was measured\")"),
            Format.Inv($"≤ {ReportBudget.TotalMinutes:F0} min"), elapsed <= ReportBudget);
    }

    /// <summary>A path relative to the repository root where it lies near it (the report should not name this machine's folders).</summary>
    private static string Shown(string path)
    {
        string? root = CppReference.RepositoryRoot();
        return root is null ? path : Path.GetRelativePath(root, path);
    }

    private static void Method(ReportContext ctx)
    {
        var md = ctx.Body;
        ctx.Heading("How this was measured");
        md.Append("- Timing: `Stopwatch` around whole calls; each code path is first run on a small batch for at least 400 calls and half a second ");
        md.Append("(so tiered compilation and dynamic PGO have promoted it), then each measured call once more untimed, then timed repeatedly ");
        md.Append("until a budget of about half a second is spent (at least three samples); the report keeps the best sample, as the C++ reference does. ");
        md.Append("Buffers are reused between calls (solver workspaces are kept per thread), so fresh-memory page faults are not timed.\n");
        md.Append("- The C++ baseline (`bench/cpp/spiral_reference.cpp`: a hand-written loop that keeps a block of 32 lanes in registers and L1 ");
        md.Append("for the whole trajectory and fuses every stage with the network) is compiled once per hidden width into a temporary folder and ");
        md.Append("run as a child process right before the C# figure it is compared with; both are single-threaded. Its network has the same ");
        md.Append("shapes and initialisation scales but its own random weights, so only the work, not the numbers, is the same.\n");
        md.Append("- Throughput counts lane-steps: one lane advanced one step (six network evaluations for Tsit5).\n");
        md.Append("- Allocations: `GC.GetAllocatedBytesForCurrentThread` around each of two calls after a warm-up call, on a fresh thread; the least is kept (the issue's workloads: all threads, see there).\n");
        md.Append(Format.Inv($"- Quick profile (the whole report within {ReportBudget.TotalMinutes:F0} minutes on 2 cores): 20 steps instead of 100 above 4,096 lanes "));
        md.Append(Format.Inv($"(per lane-step figures and ratios do not depend on it); a call of {TimingLoop.HeavyCallSeconds} s or more is timed twice after one warm-up call; "));
        md.Append("gradients at 65,536 lanes only in the issue's workloads (Rk4), H = 256 gradients at 1,024 lanes; the steady-state allocation at 1,024 lanes; ");
        md.Append("the lane-scaling series up to 65,536 lanes at 20 steps, the step series at 1,024 lanes; adjoint memory up to 3·10⁴ steps; ");
        md.Append(Format.Inv($"one-trajectory rounds of 11 samples of 10 ms; the flow comparison at {FlowPeerSection.Iterations} training iterations per run. "));
        md.Append("For the full statistics run the BenchmarkDotNet suites ");
        md.Append("(`dotnet run -c Release --project bench/OdeKernels.Benchmarks -- --filter *`, see `bench/README.md`).\n\n");
        var rows = new System.Collections.Generic.List<System.Collections.Generic.IReadOnlyList<string>>();
        foreach ((string title, TimeSpan duration) in ctx.SectionDurations)
        {
            rows.Add([title, Format.Inv($"{duration.TotalSeconds:F0} s")]);
        }

        rows.Add(["**total** (to this section)", Format.Inv($"{ctx.Elapsed.TotalSeconds:F0} s")]);
        md.Append("Wall time of each section in this run (the report's budget is judged in the Targets table):\n\n");
        Format.Table(md, ["section", "wall time"], rows);
    }

    private static string Compose(ReportContext ctx, TimeSpan elapsed, double cpuShare)
    {
        MachineInfo m = ctx.Machine;
        var md = new StringBuilder();
        md.Append("# OdeKernels benchmark report\n\n");
        md.Append(Format.Inv($"Generated by `dotnet run -c Release --project bench/OdeKernels.Benchmarks -- report` (the quick profile, {elapsed.TotalMinutes:F1} min) on {m.Date:yyyy-MM-dd HH:mm} UTC. "));
        md.Append("Every figure is single-threaded (`MaxDegreeOfParallelism = 1`) except in the Threads section, the best of several timed runs after warm-up, and was measured in this one run, beside the baselines it is compared with.\n\n");
        md.Append("| machine | |\n| --- | --- |\n");
        md.Append(Format.Inv($"| CPU | {m.Cpu} |\n| cores | {m.Cores} |\n| SIMD | {m.Simd} |\n| .NET | {m.Runtime} |\n| OS | {m.Os} |\n"));
        md.Append(Format.Inv($"| load average (1 / 5 / 15 min) | {ctx.LoadAtStart} at the start, {MachineInfo.LoadAverage()} at the end (a load above {m.Cores} means other work shared the CPUs while timing) |\n"));
        md.Append(Format.Inv($"| CPU time / wall time of this run | {cpuShare:P0} (time spent waiting for the C++, Boost and torchdiffeq processes left out: near 100% when the benchmark thread always had a core; JIT and GC threads can add a few %) |\n"));
        md.Append(ctx.Cpp is null
            ? $"| C++ baseline | not run: {ctx.CppMissing} |\n"
            : Format.Inv($"| C++ baseline | `{Shown(ctx.Cpp.SourcePath)}` built with `g++ {CppReference.CompileFlags} -DSPIRAL_HIDDEN=H` ({ctx.Cpp.CompilerVersion}) |\n"));
        md.Append(Format.Inv($"| tag on every heading and plot | {m.Tag} |\n\n"));
        md.Append("## Targets · *").Append(m.Tag).Append("*\n\n");
        var rows = new System.Collections.Generic.List<System.Collections.Generic.IReadOnlyList<string>>();
        foreach (Target t in ctx.Targets)
        {
            rows.Add([t.Name, t.Figure, t.Threshold, t.Met is null ? "NOT MEASURED" : t.Met.Value ? "**MET**" : "**NOT MET**"]);
        }

        Format.Table(md, ["target", "measured", "threshold", "status"], rows);
        md.Append(ctx.Body);
        return md.ToString();
    }

    /// <summary>A section <c>--only</c> can run: its name, how it runs, the prefix of its targets' names.</summary>
    private sealed record AloneSection(string Name, Action<ReportContext> Run, string TargetPrefix);
}
