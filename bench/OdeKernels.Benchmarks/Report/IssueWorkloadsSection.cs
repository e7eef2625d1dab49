using System;
using System.Collections.Generic;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// The workloads of issue #12's table, measured as the issue states them: the 2 → 50 → 2 tanh spiral network with Rk4
/// at 65,536 lanes (forward against the C++ baseline, each adjoint with its bytes per call), and the single-trajectory
/// spiral fit (16 save points, Dopri5 at rtol 1e-6, atol 1e-8: forward and one training step). The peers section
/// divides torchdiffeq's figures of the same workloads by these (<see cref="Figures"/>).
/// </summary>
internal static class IssueWorkloadsSection
{
    /// <summary>The lanes of the batched rows.</summary>
    public const int Lanes = 65536;

    /// <summary>The small batch of the forward target (the issue's "1k lanes").</summary>
    public const int SmallLanes = 1024;

    /// <summary>The lanes at which allocation growth with steps is checked.</summary>
    public const int GrowthLanes = 4096;

    /// <summary>The save points of the single-trajectory fit.</summary>
    public const int SavePoints = 16;

    /// <summary>The time span of the single-trajectory fit (the spiral example's: [0, 1.5] from u(0) = [2, 0]).</summary>
    public const double End = 1.5;

    private static readonly AdjointMethod[] Adjoints = [AdjointMethod.Backsolve, AdjointMethod.Direct, AdjointMethod.Checkpointed];

    /// <summary>What the peers section compares with, filled by <see cref="Run"/>.</summary>
    public static IssueFigures Figures { get; private set; } = new();

    /// <summary>Steps of the batched rows at 65,536 lanes (the quick profile's 20; the issue's table has 100).</summary>
    public static int Steps => ForwardSection.Steps(Lanes);

    /// <summary>Dopri5 at the issue's tolerances, float32.</summary>
    public static SolverOptions Adaptive => SpiralWorkload.Adaptive(1e-6, 1e-8);

    public static void Run(ReportContext ctx)
    {
        Figures = new IssueFigures();
        ctx.Heading("The issue's workloads");
        var md = ctx.Body;
        md.Append(Format.Inv($"The rows of issue #12's table. Batched: the spiral network x³ → Dense(50, tanh) → Dense(2) (252 parameters), float32, Rk4 with fixed steps of 0.01, "));
        md.Append(Format.Inv($"{Lanes:N0} lanes × {Steps} steps (the quick profile; the issue's table has 100 steps: times scale with steps, throughputs and ratios do not), "));
        md.Append("saves at the start and the end, L = ½‖y(T)‖². Bytes per call: `GC.GetTotalAllocatedBytes(precise: true)` around each timed call after a warm-up call ");
        md.Append("(all threads, the least kept); whether it grows with the steps is checked at 4,096 lanes (10 against 20 steps). The C++ column is the baseline's `rk4` line at the same size.\n\n");
        Batched(ctx);
        OneTrajectory(ctx);
    }

    private static void Batched(ReportContext ctx)
    {
        IBatchedDifferentiableSystem<float> net = SpiralWorkload.Network(50);
        var rows = new List<IReadOnlyList<string>>();
        double worstCpp = double.PositiveInfinity;
        var cppFigures = new List<string>();
        foreach (int lanes in new[] { SmallLanes, Lanes })
        {
            int steps = ForwardSection.Steps(lanes);
            ReportContext.Log($"issue workloads: forward Rk4 lanes={lanes} steps={steps}");
            CppResult? rk4 = ctx.CppRun("rk4", 50, lanes, steps);
            var small = new ForwardCase<float, Rk4>(net, 64, 0.1, SpiralWorkload.Fixed());
            ctx.WarmUpOnce("issue-forward-rk4", () => small.Run());
            var run = new ForwardCase<float, Rk4>(net, lanes, steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed());
            double seconds = TimingLoop.Best(() => run.Run(), 0.5).BestSeconds;
            double rate = (double)lanes * steps / seconds;
            if (lanes == Lanes)
            {
                Figures = Figures with { ForwardLaneStepsPerSecond = rate, ForwardSeconds = seconds };
            }

            rows.Add(["forward", Format.Int(lanes), Format.Int(steps), Format.Seconds(seconds), Format.LaneSteps(rate), "1×", "n/a",
                rk4 is null ? "n/a" : Format.Ratio(rate / rk4.LaneStepsPerSecond)]);
            foreach ((string method, double ours) in new[] { ("rk4", rate), ("tsit5", ctx.Forward.TryGetValue((50, lanes, steps), out double t) ? lanes * steps / t : double.NaN) })
            {
                CppResult? cpp = ctx.CppRun(method, 50, lanes, steps);
                if (cpp is not null && double.IsFinite(ours))
                {
                    worstCpp = Math.Min(worstCpp, ours / cpp.LaneStepsPerSecond);
                    cppFigures.Add(Format.Inv($"{method} {lanes:N0}: {Format.Ratio(ours / cpp.LaneStepsPerSecond)}"));
                }
            }

            if (lanes == Lanes)
            {
                Gradients(ctx, net, lanes, steps, seconds, rows);
            }
        }

        Format.Table(ctx.Body, ["solve", "lanes", "steps", "best time", "throughput", "× forward", "bytes per call", "throughput / C++"], rows);
        ctx.Targets.Add(new Target("Forward (H = 50, float32, Rk4 and Tsit5, 1,024 and 65,536 lanes) ≥ 1.0× the C++ baseline's throughput",
            cppFigures.Count == 0 ? "C++ baseline not measured: " + ctx.CppMissing : string.Join("; ", cppFigures), "each ≥ 1.0×",
            cppFigures.Count == 0 ? null : worstCpp >= 1.0));
    }

    private static void Gradients(ReportContext ctx, IBatchedDifferentiableSystem<float> net, int lanes, int steps, double forward, List<IReadOnlyList<string>> rows)
    {
        foreach (AdjointMethod method in Adjoints)
        {
            ReportContext.Log($"issue workloads: gradient {method} Rk4 lanes={lanes} steps={steps}");
            var small = new GradientCase<float, Rk4>(net, 64, 0.1, SpiralWorkload.Fixed(), method);
            ctx.WarmUpOnce($"issue-gradient-rk4-{method}", () => small.Run());
            var run = new GradientCase<float, Rk4>(net, lanes, steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed(), method);
            long least = long.MaxValue;
            double seconds = TimingLoop.Best(() =>
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                run.Run();
                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }, 0.5).BestSeconds;

            // Growth with steps, at 4,096 lanes (cheap; growth per step does not depend on the lane count): allocation
            // that grows with the steps is not O(1) per call.
            long fewer = AllocatedPerCall(net, GrowthLanes, steps / 2, method), more = AllocatedPerCall(net, GrowthLanes, steps, method);
            double ratio = seconds / forward;
            double limit = method == AdjointMethod.Checkpointed ? 3.0 : 2.5;
            rows.Add([$"gradient ({method})", Format.Int(lanes), Format.Int(steps), Format.Seconds(seconds), Format.LaneSteps((double)lanes * steps / seconds),
                Format.Ratio(ratio), Format.Bytes(least), "n/a"]);
            if (method == AdjointMethod.Backsolve)
            {
                Figures = Figures with { BacksolveSeconds = seconds };
            }

            ctx.Targets.Add(new Target(Format.Inv($"Gradient ({method}, Rk4, {lanes:N0} lanes) ≤ {limit}× its forward solve"),
                Format.Inv($"{Format.Seconds(seconds)} vs forward {Format.Seconds(forward)}: {Format.Ratio(ratio)}"), Format.Inv($"≤ {limit}×"), ratio <= limit));
            ctx.Targets.Add(new Target(Format.Inv($"Gradient ({method}, Rk4, {lanes:N0} lanes) allocation per call after warm-up does not grow with steps"),
                Format.Inv($"{GrowthLanes:N0} lanes: {Format.Bytes(fewer)} B at {steps / 2} steps, {Format.Bytes(more)} B at {steps} steps ({lanes:N0} lanes × {steps}: {Format.Bytes(least)} B)"),
                "no growth", more <= fewer));
        }
    }

    /// <summary>Bytes allocated (all threads) by the second of two gradients of <paramref name="lanes"/> × <paramref name="steps"/>.</summary>
    private static long AllocatedPerCall(IBatchedDifferentiableSystem<float> net, int lanes, int steps, AdjointMethod method)
    {
        var run = new GradientCase<float, Rk4>(net, lanes, steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed(), method);
        run.Run();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        run.Run();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static void OneTrajectory(ReportContext ctx)
    {
        ReportContext.Log("issue workloads: spiral fit, one trajectory");
        var times = new double[SavePoints];
        for (int j = 0; j < SavePoints; j++)
        {
            times[j] = End * j / (SavePoints - 1);
        }

        (float[] saveAt, float[] observed) = OdeKernels.Examples.Datasets.SpiralTruth.Sample([2.0, 0.0], times);
        float[] y0 = [2.0f, 0.0f];
        var net = new OdeKernels.Examples.Networks.SpiralNet(SpiralWorkload.Seed);
        var objective = new OdeKernels.Training.TrajectoryObjective<float>(saveAt, y0, observed, 2);
        var random = new OdeKernels.Training.TrainingRandom(1);
        float[] gradient = new float[net.ParameterCount];
        var rows = new List<IReadOnlyList<string>>();

        // Step (a step lands on every save time, the default) beside Interpolate (dense output), which is what
        // torchdiffeq does and what the targets are about; the peers section divides by the Interpolate figures.
        foreach (SaveMode mode in new[] { SaveMode.Step, SaveMode.Interpolate })
        {
            SolverOptions options = Adaptive with { SaveMode = mode };
            Solution<float> solution = Ode.Solve(net, default(Dopri5), y0, saveAt, options);
            TimingLoop.WarmUp(() => Ode.Solve(net, default(Dopri5), y0, saveAt, options));
            double forward = TimingLoop.Best(() => Ode.Solve(net, default(Dopri5), y0, saveAt, options), 0.5).BestSeconds;
            rows.Add([$"forward `Ode.Solve`, {mode}", Format.Seconds(forward), Format.Int(solution.Stats.Evaluations), Format.Inv($"{solution.Stats.AcceptedSteps} + {solution.Stats.RejectedSteps}")]);
            if (mode == SaveMode.Interpolate)
            {
                Figures = Figures with { SpiralForwardSeconds = forward, SpiralEvaluations = solution.Stats.Evaluations };
                ctx.Targets.Add(new Target("Spiral fit, one trajectory (16 points, Dopri5 1e-6/1e-8, Interpolate): forward ≤ 20 µs",
                    Format.Inv($"{Format.Seconds(forward)}, {solution.Stats.Evaluations} evaluations"), "≤ 20 µs", forward <= 20e-6));
            }

            foreach (AdjointMethod method in new[] { AdjointMethod.Direct, AdjointMethod.Backsolve })
            {
                var fit = new OdeKernels.Training.TrajectoryFit<OdeKernels.Examples.Networks.SpiralNet, Dopri5, float>(net, objective, options, method);
                TimingLoop.WarmUp(() => fit.Gradient(0, random, gradient));
                double seconds = TimingLoop.Best(() => fit.Gradient(0, random, gradient), 0.5).BestSeconds;
                OdeKernels.Training.TrainingStep step = fit.Gradient(0, random, gradient);
                rows.Add([$"training step (loss + gradient, {method}), {mode}", Format.Seconds(seconds), Format.Inv($"{step.ForwardEvaluations} + {step.BackwardEvaluations}"), "n/a"]);
                if (mode == SaveMode.Interpolate)
                {
                    Figures = method == AdjointMethod.Direct ? Figures with { TrainingStepSeconds = seconds } : Figures;
                    ctx.Targets.Add(new Target(Format.Inv($"Spiral fit, one trajectory (Interpolate): one training step ({method}) ≤ 50 µs"), Format.Seconds(seconds), "≤ 50 µs", seconds <= 50e-6));
                }
            }
        }

        var md = ctx.Body;
        md.Append(Format.Inv($"Single-trajectory spiral fit: `SpiralNet` (seed {SpiralWorkload.Seed}, float32) from u(0) = [2, 0] over [0, {End}] with {SavePoints} evenly spaced save points, "));
        md.Append("Dopri5 at rtol 1e-6, atol 1e-8, with each `SaveMode`; the observations are `SpiralTruth`. A training step is `TrajectoryFit.Gradient` ");
        md.Append("(one forward solve, the mean squared error, its gradient), what `Trainer` calls once per iteration before the optimizer step.\n\n");
        Format.Table(md, ["spiral fit, one trajectory", "best time", "evaluations (forward + backward)", "steps accepted + rejected"], rows);
    }
}

/// <summary>OdeKernels' figures of the issue's workloads that the peers section divides by (NaN where not measured).</summary>
internal sealed record IssueFigures
{
    /// <summary>Rk4 forward throughput at 65,536 lanes.</summary>
    public double ForwardLaneStepsPerSecond { get; init; } = double.NaN;

    /// <summary>Rk4 forward time at 65,536 lanes.</summary>
    public double ForwardSeconds { get; init; } = double.NaN;

    /// <summary>Rk4 Backsolve gradient time at 65,536 lanes.</summary>
    public double BacksolveSeconds { get; init; } = double.NaN;

    /// <summary>Single-trajectory spiral forward time.</summary>
    public double SpiralForwardSeconds { get; init; } = double.NaN;

    /// <summary>Single-trajectory spiral forward evaluations.</summary>
    public long SpiralEvaluations { get; init; }

    /// <summary>Single-trajectory spiral training step (Direct).</summary>
    public double TrainingStepSeconds { get; init; } = double.NaN;
}
