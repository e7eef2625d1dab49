using System;
using System.Collections.Generic;
using System.Threading;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// Full gradients (forward solve plus adjoint) of the spiral network with each <see cref="AdjointMethod"/>, as a
/// multiple of the forward solve's time, and the steady-state allocation of Backsolve per step.
/// </summary>
internal static class GradientSection
{
    private static readonly AdjointMethod[] Methods = [AdjointMethod.Backsolve, AdjointMethod.Checkpointed, AdjointMethod.Direct];

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        ctx.Heading("Full gradient, each adjoint method");
        md.Append("`Ode.Gradient` of the same solves (float32, Tsit5, fixed steps of 0.01, saves at the start and the end, ");
        md.Append("L = ½‖y(T)‖²): the forward solve and the adjoint together. \"× forward\" divides by the forward solve of the same size ");
        md.Append("measured above; \"× C++ forward\" by the C++ reference's forward `tsit5` at the same size.\n\n");
        var rows = new List<IReadOnlyList<string>>();
        // 65,536 lanes are in the issue-workloads section (Rk4); H = 256 at 1,024 lanes costs a quarter of 4,096 and its ratio
        // to the forward solve is the same (both far past one tile of lanes).
        foreach ((int hidden, int lanes) in new[] { (50, 1), (50, 64), (50, 4096), (16, 4096), (256, 1024) })
        {
            int steps = ForwardSection.Steps(lanes);
            double forward = ctx.Forward.TryGetValue((hidden, lanes, steps), out double f) ? f : ForwardSection.Measure(ctx, hidden, lanes, steps);
            CppResult? reference = ctx.CppRun("tsit5", hidden, lanes, steps);
            foreach (AdjointMethod method in Methods)
            {
                ReportContext.Log($"gradient {method} H={hidden} lanes={lanes} steps={steps}");
                double seconds = Measure(ctx, hidden, lanes, steps, method);
                rows.Add([method.ToString(), Format.Int(hidden), Format.Int(lanes), Format.Int(steps), Format.Seconds(seconds), Format.Rate((double)lanes * steps / seconds),
                    Format.Ratio(seconds / forward), reference is null ? "n/a" : Format.Ratio(seconds / reference.BestSeconds)]);
                if (method == AdjointMethod.Backsolve && hidden == 50 && lanes == 4096)
                {
                    double ratio = seconds / forward;
                    ctx.Targets.Add(new Target("Full gradient (forward + Backsolve, 4,096 lanes, 100 steps) ≤ 4× the forward time",
                        Format.Inv($"{Format.Seconds(seconds)} vs forward {Format.Seconds(forward)}: {Format.Ratio(ratio)}"), "≤ 4×", ratio <= 4));
                }
            }
        }

        Format.Table(md, ["method", "H", "lanes", "steps", "best time", "lane-steps / s", "× forward", "× C++ forward"], rows);
        SteadyStateAllocation(ctx);
    }

    /// <summary>Best seconds of one float32 Tsit5 fixed-step gradient.</summary>
    public static double Measure(ReportContext ctx, int hidden, int lanes, int steps, AdjointMethod method, double budget = 0.6)
    {
        IBatchedDifferentiableSystem<float> net = SpiralWorkload.Network(hidden);
        var small = new GradientCase<float, Tsit5>(net, 64, 0.1, SpiralWorkload.Fixed(), method);
        ctx.WarmUpOnce($"gradient-{method}-{hidden}", () => small.Run());
        var run = new GradientCase<float, Tsit5>(net, lanes, steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed(), method);
        return TimingLoop.Best(() => run.Run(), budget).BestSeconds;
    }

    private static void SteadyStateAllocation(ReportContext ctx)
    {
        // 1,024 lanes: the per-step growth does not depend on the lane count, and 4,096 lanes took 24 s of the report.
        const int hidden = 50, lanes = 1024, fewer = 100, more = 1000;
        ReportContext.Log($"gradient allocation per step (Backsolve, {lanes} lanes, {fewer} and {more} steps)");
        (long few, long fewMost) = AllocatedBytes(hidden, lanes, fewer, AdjointMethod.Backsolve);
        (long many, long manyMost) = AllocatedBytes(hidden, lanes, more, AdjointMethod.Backsolve);
        double perStep = (double)(many - few) / (more - fewer);
        ctx.Body.Append(Format.Inv($"**Steady-state allocation (Backsolve, {lanes:N0} lanes, H = {hidden}, over [0, 1])**: one gradient allocates {Format.Bytes(few)} bytes with {fewer} steps and {Format.Bytes(many)} bytes with {more} steps "));
        ctx.Body.Append(Format.Inv($"(`GC.GetAllocatedBytesForCurrentThread` around each of two calls after a warm-up call, on a fresh thread; the least is kept): {Format.Significant(perStep, 3)} bytes per step. "));
        if (fewMost != few || manyMost != many)
        {
            ctx.Body.Append(Format.Inv($"Single calls varied: the most was {Format.Bytes(fewMost)} and {Format.Bytes(manyMost)} bytes. "));
        }

        ctx.Body.Append("The fixed part is the result arrays (solution, gradients) and per-call buffers.\n\n");
        ctx.Targets.Add(new Target("Full gradient allocates zero bytes per step in steady state (Backsolve)",
            Format.Inv($"{Format.Bytes(few)} B at {fewer} steps, {Format.Bytes(many)} B at {more} steps: {Format.Significant(perStep, 3)} B/step"), "0 B/step", many == few));
    }

    /// <summary>
    /// Bytes allocated by one gradient with fixed steps of 1/<paramref name="steps"/> over [0, 1] (the least and the
    /// most of two calls after a warm-up call), on a new thread: solver workspaces are kept per thread and sized by
    /// the largest batch that thread has solved, so a fresh thread measures what a program doing only this gradient
    /// would allocate.
    /// </summary>
    public static (long Least, long Most) AllocatedBytes(int hidden, int lanes, int steps, AdjointMethod method) =>
        OnFreshThread(() => AllocatedBytesHere(hidden, lanes, steps, method));

    /// <summary>As <see cref="AllocatedBytes"/>, on the calling thread (with whatever workspaces it already holds).</summary>
    public static (long Least, long Most) AllocatedBytesHere(int hidden, int lanes, int steps, AdjointMethod method)
    {
        var run = new GradientCase<float, Tsit5>(SpiralWorkload.Network(hidden), lanes, 1.0, SpiralWorkload.Fixed(1.0 / steps), method);
        run.Run();
        long least = long.MaxValue, most = 0;
        for (int call = 0; call < 2; call++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            run.Run();
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            (least, most) = (Math.Min(least, bytes), Math.Max(most, bytes));
        }

        return (least, most);
    }

    private static T OnFreshThread<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("A measurement on its own thread failed.", failure);
    }
}
