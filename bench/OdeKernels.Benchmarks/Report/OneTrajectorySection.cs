using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// One small trajectory (one lane, float64, a hand-written struct system) against Boost.Odeint, measured side by
/// side in this run: the Boost reference processes and the C# calls alternate, three rounds, medians. Boost is built
/// twice: as the issue built it (GCC fuses a·b + c into multiply-adds by default), the reference of the state path
/// with <see cref="SolverOptions.FusedMultiplyAdd"/>; and with <c>-ffp-contract=off</c>, the reference of the default
/// arithmetic (no multiply-add fused, the batched path's bits), so each side of a ratio has the same arithmetic class.
/// </summary>
internal static class OneTrajectorySection
{
    /// <summary>The section's name for <c>-- report --only</c>.</summary>
    public const string Name = "one-trajectory";

    private const int Rounds = 3;
    // 11 samples of 10 ms per round (was 15 of 20 ms): the medians moved by less than the round-to-round noise, and the
    // section took over a minute.
    private const double SampleMilliseconds = 10;
    private const int Samples = 11;

    private static readonly SolverOptions Adaptive = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
    private static readonly SolverOptions Fixed = new() { FixedStep = 0.01 };

    /// <summary>
    /// Boost.Odeint's own controller (<see cref="StepSizeControl.Odeint"/>) from Boost's first trial step: the same
    /// steps and evaluations as Boost, so the ratio compares the same algorithm.
    /// </summary>
    private static readonly SolverOptions Odeint = Adaptive with { InitialStep = 0.01, StepSizeControl = StepSizeControl.Odeint };

    /// <summary>
    /// One row: the Boost case, the plain system's solves, and for the issue's systems the <c>[SmallOdeSystem]</c> twin's
    /// span solves with the check of their fused bits (<see cref="ContractedByHand"/>: the by-value system fused by hand
    /// where GCC fuses Boost's, whose state solve with <c>FusedMultiplyAdd</c> the twin's contracted solve must equal).
    /// </summary>
    private sealed record Case(string Boost, string Label, bool Target, Func<ISmallSolve> Make, Func<ISmallSolve>? MakeOdeint = null, Func<IMarkedSolve>? Marked = null, Func<IMarkedSolve>? MarkedOdeint = null, Func<ISmallSolve>? ContractedByHand = null, Func<ISmallSolve>? ContractedByHandOdeint = null);

    private static readonly Case[] Cases =
    [
        new("lv-dopri5", "Lotka–Volterra, Dopri5 (rtol 1e-6, atol 1e-8), [0, 10]", true, () => new SmallSolve<LotkaVolterraSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 10.0, Adaptive), () => new SmallSolve<LotkaVolterraSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 10.0, Odeint), Marked: () => new MarkedSolve<MarkedLotkaVolterraSystem, Dopri5>([1.0, 1.0], 10.0, Adaptive), MarkedOdeint: () => new MarkedSolve<MarkedLotkaVolterraSystem, Dopri5>([1.0, 1.0], 10.0, Odeint), ContractedByHand: () => new SmallSolve<LotkaVolterraFusedSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 10.0, Adaptive), ContractedByHandOdeint: () => new SmallSolve<LotkaVolterraFusedSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 10.0, Odeint)),
        new("lv-dopri5", "Lotka–Volterra, Dopri5, [0, 10], right-hand side with `Math.FusedMultiplyAdd` where GCC fuses Boost's (no target)", false, () => new SmallSolve<LotkaVolterraFusedSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 10.0, Adaptive), () => new SmallSolve<LotkaVolterraFusedSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 10.0, Odeint)),
        new("lv-rk4", "Lotka–Volterra, Rk4 (dt 0.01), [0, 10]", true, () => new SmallSolve<LotkaVolterraSystem, Rk4, State2<double>>(default, [1.0, 1.0], 10.0, Fixed), Marked: () => new MarkedSolve<MarkedLotkaVolterraSystem, Rk4>([1.0, 1.0], 10.0, Fixed), ContractedByHand: () => new SmallSolve<LotkaVolterraFusedSystem, Rk4, State2<double>>(default, [1.0, 1.0], 10.0, Fixed)),
        new("vdp-dopri5", "van der Pol μ = 1, Dopri5, [0, 20]", true, () => new SmallSolve<VanDerPolSystem, Dopri5, State2<double>>(default, [2.0, 0.0], 20.0, Adaptive), () => new SmallSolve<VanDerPolSystem, Dopri5, State2<double>>(default, [2.0, 0.0], 20.0, Odeint), Marked: () => new MarkedSolve<MarkedVanDerPolSystem, Dopri5>([2.0, 0.0], 20.0, Adaptive), MarkedOdeint: () => new MarkedSolve<MarkedVanDerPolSystem, Dopri5>([2.0, 0.0], 20.0, Odeint), ContractedByHand: () => new SmallSolve<VanDerPolFusedSystem, Dopri5, State2<double>>(default, [2.0, 0.0], 20.0, Adaptive), ContractedByHandOdeint: () => new SmallSolve<VanDerPolFusedSystem, Dopri5, State2<double>>(default, [2.0, 0.0], 20.0, Odeint)),
        new("vdp-rk4", "van der Pol μ = 1, Rk4 (dt 0.01), [0, 20]", true, () => new SmallSolve<VanDerPolSystem, Rk4, State2<double>>(default, [2.0, 0.0], 20.0, Fixed), Marked: () => new MarkedSolve<MarkedVanDerPolSystem, Rk4>([2.0, 0.0], 20.0, Fixed), ContractedByHand: () => new SmallSolve<VanDerPolFusedSystem, Rk4, State2<double>>(default, [2.0, 0.0], 20.0, Fixed)),
        new("vdp-dopri5", "van der Pol μ = 1, Dopri5, [0, 20], right-hand side with `Math.FusedMultiplyAdd` where GCC fuses Boost's (no target)", false, () => new SmallSolve<VanDerPolFusedSystem, Dopri5, State2<double>>(default, [2.0, 0.0], 20.0, Adaptive), () => new SmallSolve<VanDerPolFusedSystem, Dopri5, State2<double>>(default, [2.0, 0.0], 20.0, Odeint)),
        new("lorenz-dopri5", "Lorenz, Dopri5, [0, 10]", true, () => new SmallSolve<LorenzSystem, Dopri5, State3<double>>(default, [1.0, 1.0, 1.0], 10.0, Adaptive), () => new SmallSolve<LorenzSystem, Dopri5, State3<double>>(default, [1.0, 1.0, 1.0], 10.0, Odeint), Marked: () => new MarkedSolve<MarkedLorenzSystem, Dopri5>([1.0, 1.0, 1.0], 10.0, Adaptive), MarkedOdeint: () => new MarkedSolve<MarkedLorenzSystem, Dopri5>([1.0, 1.0, 1.0], 10.0, Odeint), ContractedByHand: () => new SmallSolve<LorenzFusedSystem, Dopri5, State3<double>>(default, [1.0, 1.0, 1.0], 10.0, Adaptive), ContractedByHandOdeint: () => new SmallSolve<LorenzFusedSystem, Dopri5, State3<double>>(default, [1.0, 1.0, 1.0], 10.0, Odeint)),
        new("lorenz-dopri5", "Lorenz, Dopri5, [0, 10], right-hand side with `Math.FusedMultiplyAdd` where GCC fuses Boost's (no target)", false, () => new SmallSolve<LorenzFusedSystem, Dopri5, State3<double>>(default, [1.0, 1.0, 1.0], 10.0, Adaptive), () => new SmallSolve<LorenzFusedSystem, Dopri5, State3<double>>(default, [1.0, 1.0, 1.0], 10.0, Odeint)),
        new("lorenz-rk4", "Lorenz, Rk4 (dt 0.01), [0, 10]", true, () => new SmallSolve<LorenzSystem, Rk4, State3<double>>(default, [1.0, 1.0, 1.0], 10.0, Fixed), Marked: () => new MarkedSolve<MarkedLorenzSystem, Rk4>([1.0, 1.0, 1.0], 10.0, Fixed), ContractedByHand: () => new SmallSolve<LorenzFusedSystem, Rk4, State3<double>>(default, [1.0, 1.0, 1.0], 10.0, Fixed)),
        new("empty-dopri5", "empty solve: Lotka–Volterra, one Dopri5 step (t1 = t0 + 0.01)", false, () => new SmallSolve<LotkaVolterraSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 0.01, Adaptive with { InitialStep = 0.01 }), () => new SmallSolve<LotkaVolterraSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 0.01, Odeint), Marked: () => new MarkedSolve<MarkedLotkaVolterraSystem, Dopri5>([1.0, 1.0], 0.01, Adaptive with { InitialStep = 0.01 }), MarkedOdeint: () => new MarkedSolve<MarkedLotkaVolterraSystem, Dopri5>([1.0, 1.0], 0.01, Odeint), ContractedByHand: () => new SmallSolve<LotkaVolterraFusedSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 0.01, Adaptive with { InitialStep = 0.01 }), ContractedByHandOdeint: () => new SmallSolve<LotkaVolterraFusedSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 0.01, Odeint)),
        new("empty-rk4", "empty solve: Lotka–Volterra, one Rk4 step (t1 = t0 + 0.01)", false, () => new SmallSolve<LotkaVolterraSystem, Rk4, State2<double>>(default, [1.0, 1.0], 0.01, Fixed), Marked: () => new MarkedSolve<MarkedLotkaVolterraSystem, Rk4>([1.0, 1.0], 0.01, Fixed), ContractedByHand: () => new SmallSolve<LotkaVolterraFusedSystem, Rk4, State2<double>>(default, [1.0, 1.0], 0.01, Fixed)),
    ];

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        md.Append(SectionMerge.Open(Name));
        ctx.Heading("One trajectory against Boost.Odeint");
        BoostReference? boost = BoostReference.Build(contract: true, out string why);
        ReportContext.Log(boost is null ? $"Boost.Odeint reference unavailable: {why}" : $"Boost.Odeint reference built ({boost.CompilerVersion})");
        BoostReference? boostPlain = boost is null ? null : BoostReference.Build(contract: false, out why);
        MachineInfo m = ctx.Machine;
        string loadBefore = MachineInfo.LoadAverage();
        var rows = new List<IReadOnlyList<string>>();
        var odeintRows = new List<IReadOnlyList<string>>();
        var targets = new List<Target>();
        var odeintTargets = new List<Target>();
        var comparisons = new List<IReadOnlyList<string>>();
        string boostVersion = "?";
        var boostMedians = new Dictionary<string, double?>();
        foreach (Case c in Cases)
        {
            ReportContext.Log($"one trajectory: {c.Boost}");
            ISmallSolve solve = c.Make();
            TimingLoop.WarmUp(solve.Into);
            TimingLoop.WarmUp(solve.Solve);
            TimingLoop.WarmUp(solve.Batched);
            TimingLoop.WarmUp(solve.State);
            TimingLoop.WarmUp(solve.StateFused);
            ISmallSolve? odeint = c.MakeOdeint?.Invoke();
            if (odeint is not null)
            {
                TimingLoop.WarmUp(odeint.Into);
                TimingLoop.WarmUp(odeint.State);
                TimingLoop.WarmUp(odeint.StateFused);
            }

            IMarkedSolve? marked = c.Marked?.Invoke(), markedOdeint = c.MarkedOdeint?.Invoke();
            foreach (IMarkedSolve twin in new[] { marked, markedOdeint }.OfType<IMarkedSolve>())
            {
                TimingLoop.WarmUp(twin.Into);
                TimingLoop.WarmUp(twin.IntoFused);
            }

            var markedTimes = new List<Timing>();
            var markedOdeintTimes = new List<Timing>();
            var markedFusedTimes = new List<Timing>();
            var markedOdeintFusedTimes = new List<Timing>();

            var odeintInto = new List<Timing>();
            var odeintState = new List<Timing>();
            var odeintFused = new List<Timing>();
            var boostRounds = new List<BoostResult>();
            var boostPlainRounds = new List<BoostResult>();
            var into = new List<Timing>();
            var solveTimes = new List<Timing>();
            var batched = new List<Timing>();
            var state = new List<Timing>();
            var stateFused = new List<Timing>();
            for (int round = 0; round < Rounds; round++)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                BoostResult? b = boost?.Measure(c.Boost, SampleMilliseconds, Samples, out why);
                ctx.AddExternalSeconds(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
                if (b is not null)
                {
                    boostRounds.Add(b);
                    boostVersion = b.BoostVersion.Replace('_', '.');
                }

                start = System.Diagnostics.Stopwatch.GetTimestamp();
                if (boostPlain?.Measure(c.Boost, SampleMilliseconds, Samples, out why) is { } p)
                {
                    boostPlainRounds.Add(p);
                }

                ctx.AddExternalSeconds(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);

                into.Add(TimingLoop.Samples(solve.Into, SampleMilliseconds, Samples));
                solveTimes.Add(TimingLoop.Samples(solve.Solve, SampleMilliseconds, Samples));
                batched.Add(TimingLoop.Samples(solve.Batched, SampleMilliseconds, Samples));
                state.Add(TimingLoop.Samples(solve.State, SampleMilliseconds, Samples));
                stateFused.Add(TimingLoop.Samples(solve.StateFused, SampleMilliseconds, Samples));
                if (odeint is not null)
                {
                    odeintInto.Add(TimingLoop.Samples(odeint.Into, SampleMilliseconds, Samples));
                    odeintState.Add(TimingLoop.Samples(odeint.State, SampleMilliseconds, Samples));
                    odeintFused.Add(TimingLoop.Samples(odeint.StateFused, SampleMilliseconds, Samples));
                }

                if (marked is not null)
                {
                    markedTimes.Add(TimingLoop.Samples(marked.Into, SampleMilliseconds, Samples));
                    markedFusedTimes.Add(TimingLoop.Samples(marked.IntoFused, SampleMilliseconds, Samples));
                }

                if (markedOdeint is not null)
                {
                    markedOdeintTimes.Add(TimingLoop.Samples(markedOdeint.Into, SampleMilliseconds, Samples));
                    markedOdeintFusedTimes.Add(TimingLoop.Samples(markedOdeint.IntoFused, SampleMilliseconds, Samples));
                }
            }

            solve.Into();
            SolverStats stats = solve.Stats;
            double intoMedian = Median(into.Select(t => t.MedianSeconds));
            double solveMedian = Median(solveTimes.Select(t => t.MedianSeconds));
            double batchedMedian = Median(batched.Select(t => t.MedianSeconds));
            double stateMedian = Median(state.Select(t => t.MedianSeconds));
            double stateFusedMedian = Median(stateFused.Select(t => t.MedianSeconds));
            double? boostMedian = boostRounds.Count > 0 ? Median(boostRounds.Select(r => r.MedianSeconds)) : null;
            double? boostPlainMedian = boostPlainRounds.Count > 0 ? Median(boostPlainRounds.Select(r => r.MedianSeconds)) : null;
            BoostResult? work = boostRounds.FirstOrDefault();
            double ratio = boostMedian is { } bm ? intoMedian / bm : double.NaN;
            double stateRatio = boostPlainMedian is { } bs ? stateMedian / bs : double.NaN;
            double stateFusedRatio = boostMedian is { } bf ? stateFusedMedian / bf : double.NaN;
            if (boostMedian is { } measured)
            {
                // The first measurement of a Boost case (an informational row re-times the same Boost solve).
                boostMedians.TryAdd(c.Boost, measured);
            }

            double difference = work is null ? double.NaN : MaxDifference(solve.FinalState, work.FinalState);
            rows.Add([
                c.Label,
                boostMedian is { } bt ? Format.Seconds(bt) : "n/a",
                boostPlainMedian is { } bp ? Format.Seconds(bp) : "n/a",
                TimeAndRatio(stateFusedMedian, stateFusedRatio),
                TimeAndRatio(stateMedian, stateRatio),
                TimeAndRatio(intoMedian, ratio),
                MarkedCell(marked, markedTimes, boostMedian, solve.FinalState),
                MarkedFusedCell(marked, markedFusedTimes, boostMedian, c.ContractedByHand),
                Format.Seconds(solveMedian),
                Format.Seconds(batchedMedian),
                work is null ? Format.Int(stats.AcceptedSteps) : Format.Inv($"{work.Steps} / {stats.AcceptedSteps} + {stats.RejectedSteps}"),
                work is null ? Format.Int(stats.Evaluations) : Format.Inv($"{work.Evaluations} / {stats.Evaluations}"),
                Format.Inv($"{Format.Significant(intoMedian / stats.Evaluations * 1e9, 3)} / {(work is null || boostMedian is null ? "n/a" : Format.Significant(boostMedian.Value / work.Evaluations * 1e9, 3))}"),
                Format.Inv($"{Format.Bytes(Allocated(solve.Into))} / {Format.Bytes(Allocated(solve.State))} / {Format.Bytes(Allocated(solve.Solve))} / {Format.Bytes(Allocated(solve.Batched))}"),
                double.IsNaN(difference) ? "n/a" : Format.Significant(difference, 2),
            ]);
            if (c.Target)
            {
                // Rk4 is the same algorithm on both sides, a target; Dopri5 is the same algorithm only with Boost's
                // controller (AddOdeint), so with Hairer's PI controller it is a comparison without a target.
                string fusedName = $"the issue's span struct marked `[SmallOdeSystem]`, `SolveInto` with `FusedMultiplyAdd`: {c.Label}";
                double markedFused = Median(markedFusedTimes.Select(t => t.MedianSeconds));
                if (odeint is null)
                {
                    targets.Add(AgainstBoost($"One trajectory, {fusedName}, time ≤ 1.0× Boost.Odeint (`{BoostReference.DefaultFlags}`: GCC fuses multiply-adds)", markedFused, boostMedian));
                }
                else
                {
                    comparisons.Add(Comparison($"{c.Label}: `FusedMultiplyAdd`, Hairer's PI controller (the default)", markedFused, boostMedian, "Boost.Odeint"));
                }

                comparisons.Add(Comparison($"{c.Label}: default arithmetic{(odeint is null ? string.Empty : ", Hairer's PI controller")}", Median(markedTimes.Select(t => t.MedianSeconds)), boostPlainMedian, $"Boost.Odeint `{BoostReference.NoContraction}`"));
            }

            if (odeint is not null)
            {
                AddOdeint(c, odeint, work, boostMedian, boostPlainMedian, Median(odeintInto.Select(t => t.MedianSeconds)), Median(odeintState.Select(t => t.MedianSeconds)), Median(odeintFused.Select(t => t.MedianSeconds)), markedOdeint, markedOdeintTimes, markedOdeintFusedTimes, odeintRows, odeintTargets, comparisons);
            }

        }

        md.Append(Format.Inv($"One solve of one lane in float64 with a hand-written struct `IOdeSystem<double>` (`bench/OdeKernels.Benchmarks/Workloads/SmallSystems.cs`), "));
        md.Append("against the same systems in `bench/boost/odeint_reference.cpp` over `std::array` state, built by `bench/boost/build.sh` ");
        md.Append(boost is null
            ? Format.Inv($"(not run: {why}). ")
            : Format.Inv($"(`g++ {boost.Flags}`, {boost.CompilerVersion}, Boost {boostVersion}; GCC contracts a·b + c to FMA by default there; built a second time with `{BoostReference.NoContraction}`, where it does not. The C# JIT never contracts: the C# arithmetic is fused exactly where `FusedMultiplyAdd` asks, in the solver's combinations and, for a `[SmallOdeSystem]` struct, in the right-hand side the generator contracted as GCC contracts C++; a hand-written `ISmallOdeSystem` runs its right-hand side as written). "));
        md.Append("Dopri5: rtol 1e-6, atol 1e-8, save times {t0, t1} only; Boost runs `integrate_times` with `make_controlled(1e-8, 1e-6, runge_kutta_dopri5)` over the same two times ");
        md.Append("from a first trial step of 0.01 (it has no starting-step algorithm), OdeKernels its defaults (Hairer's starting step, one extra evaluation). Rk4: 1/dt fixed steps of 0.01 ");
        md.Append("(`integrate_n_steps` with `runge_kutta4`; OdeKernels `FixedStep = 0.01`). The empty solves take one step (Dopri5 from `InitialStep = 0.01`): their time is the per-call overhead.\n\n");
        md.Append(Format.Inv($"Measured {m.Date:yyyy-MM-dd HH:mm} UTC on {m.Cpu}, {m.Cores} cores, {m.Simd}; {m.Runtime}, {m.Os}; load average {loadBefore} before this section, {MachineInfo.LoadAverage()} after (a load above {m.Cores} means other work shared the CPUs). "));
        md.Append(Format.Inv($"Protocol: each C# call warmed up (≥ 400 calls and 0.5 s), then {Rounds} rounds of the two Boost builds (each its own process: warm-up, then {Samples} samples of about {SampleMilliseconds} ms) followed by the C# calls ({Samples} samples of about {SampleMilliseconds} ms each); "));
        md.Append("every figure is the median over rounds of each round's median sample. ");
        md.Append("The issue's targets are the issue's own hand-written span struct, marked `[SmallOdeSystem]`: with `FusedMultiplyAdd` (fused stage combinations and the right-hand side contracted as GCC contracts it) against Boost's build, the same arithmetic on both sides; and with the default arithmetic (the batched, span and CUDA paths' bits) against Boost built without multiply-adds, the same arithmetic class. ");
        md.Append("The by-value `ISmallOdeSystem` columns show the state path with the right-hand side as written.\n\n");
        Format.Table(md,
            ["case", "Boost.Odeint", Format.Inv($"Boost.Odeint `{BoostReference.NoContraction}`"), "state path + `FusedMultiplyAdd` (× Boost.Odeint)", Format.Inv($"state path, default arithmetic (× Boost `{BoostReference.NoContraction}`)"), "span path `SolveInto` (× Boost.Odeint)", "span path, `[SmallOdeSystem]` struct (× Boost.Odeint)", "span path, `[SmallOdeSystem]` struct + `FusedMultiplyAdd` (× Boost.Odeint)", "`Ode.Solve`", "batched path (before)", "steps: Boost / OdeKernels accepted + rejected", "evaluations: Boost / OdeKernels", "ns per evaluation: OdeKernels / Boost", "bytes per call: `SolveInto` / state path / `Solve` / batched", "max abs. difference of final state from Boost"],
            rows);
        md.Append("- *× Boost* = OdeKernels time / Boost.Odeint time (below 1: faster than Boost). Every OdeKernels call here is `SolveInto`, which writes the states into the caller's buffer, as Boost integrates in place; `Ode.Solve` also allocates its `Solution`.\n");
        md.Append("- *state path*: the system by value (`ISmallOdeSystem<double, State2<double>>` or `State3`), solved by the generated `StepState` with the stages in locals: with the default arithmetic the same bits and steps as the span path. *+ `FusedMultiplyAdd`*: each stage combination y + Σ (h·aⱼ)kⱼ as a chain of fused multiply-adds (other bits, agreeing to rounding).\n");
        md.Append("- *span path*: the same system as a struct `IOdeSystem<double>`, whose `Evaluate` reads and writes spans: the state passes through memory at every evaluation (see the breakdown below).\n");
        md.Append("- *span path, `[SmallOdeSystem]` struct*: the same span struct marked `[SmallOdeSystem]` (`Marked…System` in `SmallSystems.cs`): the span solve runs the state form the generator translated from its `Evaluate`, so it takes the state path's time with the span path's bits (checked on every run: the section stops if a final state differs by a bit). *+ `FusedMultiplyAdd`*: the same call with the flag, which also runs the contracted form of the right-hand side (a·b ± c as one multiply-add, as GCC compiles Boost's): checked on every run to give bit for bit the state solve of the `…FusedSystem` written by hand with `Math.FusedMultiplyAdd` where `g++ -S` shows GCC's.\n");
        md.Append("- *batched path (before)*: the same lane through the batched integrator, which `Ode.Solve` used for every solve before the single-lane path (`Ode.Run`, internal).\n");
        md.Append("- Steps and evaluations differ for Dopri5 because the controllers differ: Boost's (max-norm error with a dt·|f| term in the scale, step ×5 at most, its own growth/shrink rules) against Hairer's PI controller with an RMS norm here. Rk4 does the same work on both sides.\n");
        md.Append("- The final states differ by the solvers' own errors for Dopri5 (different steps) and by rounding (FMA) for Rk4.\n\n");
        md.Append("With Boost.Odeint's controller: the Dopri5 cases again with `StepSizeControl = StepSizeControl.Odeint` and `InitialStep = 0.01` (Boost's first trial step), timed in the same rounds. ");
        md.Append("`StepSizeControl.Odeint` measures the error in Boost's maximum norm (a |h|·|f| term in its scale) in the generated steps and adapts by Boost's rules (no change for 0.5 ≤ err ≤ 1, so no power on most steps), so OdeKernels takes Boost's steps and evaluations: the same algorithm on both sides. ");
        md.Append("The final states then differ from Boost's by rounding only (Boost's `-ffp-contract=off` build against the default arithmetic; its FMA build also fuses the right-hand sides).\n\n");
        Format.Table(md,
            ["case", "Boost.Odeint", Format.Inv($"Boost.Odeint `{BoostReference.NoContraction}`"), "state path + `FusedMultiplyAdd` (× Boost.Odeint)", Format.Inv($"state path, default arithmetic (× Boost `{BoostReference.NoContraction}`)"), "span path `SolveInto` (× Boost.Odeint)", "span path, `[SmallOdeSystem]` struct (× Boost.Odeint)", "span path, `[SmallOdeSystem]` struct + `FusedMultiplyAdd` (× Boost.Odeint)", "steps: Boost / OdeKernels accepted + rejected", "evaluations: Boost / OdeKernels", "max abs. difference of final state from Boost"],
            odeintRows);
        ReportContext.Log("one trajectory: where the time goes");
        OneTrajectoryFloors.Append(md, boostMedians.GetValueOrDefault("lv-rk4"), boostMedians.GetValueOrDefault("lv-dopri5"), Adaptive, Fixed, Rounds, SampleMilliseconds, Samples);
        Gradients(md);
        targets.AddRange(odeintTargets);
        md.Append("The issue's targets, each the same algorithm with the same arithmetic on both sides: Rk4, and Dopri5 with Boost.Odeint's controller (its steps and evaluations), for the issue's span struct marked `[SmallOdeSystem]` with `FusedMultiplyAdd` (GCC's contraction, which Boost's build has).\n\n");
        Format.Table(md, ["target", "measured", "threshold", "status"], targets.Select(t => (IReadOnlyList<string>)[t.Name, t.Figure, t.Threshold, t.Met is null ? "NOT MEASURED" : t.Met.Value ? "**MET**" : "**NOT MET**"]));
        md.Append("The same `[SmallOdeSystem]` structs' `SolveInto` under OdeKernels' defaults, each against the Boost build of its arithmetic class (no target: with Hairer's controller another algorithm than Boost's, with the default arithmetic another evaluation order). ");
        md.Append("Hairer's PI controller takes a power of the error on every accepted step, on the chain from one step's error to the next step's size (the controller row of the breakdown above), where Boost's keeps the step without one for 0.5 ≤ err ≤ 1; ");
        md.Append("the default arithmetic forms each stage as y + h·(Σ aⱼkⱼ), the order of the batched, span and CUDA paths, one multiply and one rounding more on that chain per stage than Boost's y + Σ (h·aⱼ)kⱼ, which `FusedMultiplyAdd` takes.\n\n");
        Format.Table(md, ["comparison", "× Boost (OdeKernels vs Boost)", "against"], comparisons);
        ctx.Targets.AddRange(targets);
        md.Append(SectionMerge.Close(Name));
    }

    /// <summary>A Dopri5 case with Boost's controller: its row and, for the issue's cases, its two targets.</summary>
    private static void AddOdeint(Case c, ISmallSolve odeint, BoostResult? work, double? boostMedian, double? boostPlainMedian, double intoMedian, double stateMedian, double fusedMedian, IMarkedSolve? marked, List<Timing> markedTimes, List<Timing> markedFusedTimes, List<IReadOnlyList<string>> rows, List<Target> targets, List<IReadOnlyList<string>> comparisons)
    {
        odeint.Into();
        SolverStats stats = odeint.Stats;
        double fusedRatio = boostMedian is { } b ? fusedMedian / b : double.NaN;
        double stateRatio = boostPlainMedian is { } p ? stateMedian / p : double.NaN;
        double intoRatio = boostMedian is { } bi ? intoMedian / bi : double.NaN;
        double difference = work is null ? double.NaN : MaxDifference(odeint.FinalState, work.FinalState);
        rows.Add([
            c.Label,
            boostMedian is { } bt ? Format.Seconds(bt) : "n/a",
            boostPlainMedian is { } bp ? Format.Seconds(bp) : "n/a",
            TimeAndRatio(fusedMedian, fusedRatio),
            TimeAndRatio(stateMedian, stateRatio),
            TimeAndRatio(intoMedian, intoRatio),
            MarkedCell(marked, markedTimes, boostMedian, odeint.FinalState),
            MarkedFusedCell(marked, markedFusedTimes, boostMedian, c.ContractedByHandOdeint),
            work is null ? Format.Inv($"{stats.AcceptedSteps} + {stats.RejectedSteps}") : Format.Inv($"{work.Steps} / {stats.AcceptedSteps} + {stats.RejectedSteps}"),
            work is null ? Format.Int(stats.Evaluations) : Format.Inv($"{work.Evaluations} / {stats.Evaluations}"),
            double.IsNaN(difference) ? "n/a" : Format.Significant(difference, 2),
        ]);
        if (!c.Target)
        {
            return;
        }

        targets.Add(AgainstBoost($"One trajectory with Boost.Odeint's controller (`StepSizeControl.Odeint`, Boost's steps), the issue's span struct marked `[SmallOdeSystem]`, `SolveInto` with `FusedMultiplyAdd`: {c.Label}, time ≤ 1.0× Boost.Odeint (`{BoostReference.DefaultFlags}`)", Median(markedFusedTimes.Select(t => t.MedianSeconds)), boostMedian));
        comparisons.Add(Comparison($"{c.Label}: default arithmetic, Boost.Odeint's controller", Median(markedTimes.Select(t => t.MedianSeconds)), boostPlainMedian, $"Boost.Odeint `{BoostReference.NoContraction}`"));
    }

    /// <summary>
    /// The cell of a <see cref="SmallOdeSystemAttribute"/> struct's span solve: its time and ratio, "—" for a case
    /// without one. Its final state must be <paramref name="expected"/>'s bit for bit (the span path's, same steps).
    /// </summary>
    private static string MarkedCell(IMarkedSolve? marked, List<Timing> times, double? boostMedian, ReadOnlySpan<double> expected)
    {
        if (marked is null)
        {
            return "—";
        }

        marked.Into();
        if (!expected.SequenceEqual(marked.FinalState))
        {
            throw new InvalidOperationException("The [SmallOdeSystem] struct's solve differs from the span path's; the generated state form must give the same bits.");
        }

        double median = Median(times.Select(t => t.MedianSeconds));
        return TimeAndRatio(median, boostMedian is { } b ? median / b : double.NaN);
    }

    /// <summary>
    /// The cell of a <see cref="SmallOdeSystemAttribute"/> struct's span solve with <see cref="SolverOptions.FusedMultiplyAdd"/>:
    /// its time and ratio, "—" for a case without one. Its final state must be the state solve's of the same system
    /// fused by hand (<paramref name="byHand"/>) bit for bit: the contracted right-hand side is GCC's.
    /// </summary>
    private static string MarkedFusedCell(IMarkedSolve? marked, List<Timing> times, double? boostMedian, Func<ISmallSolve>? byHand)
    {
        if (marked is null || byHand is null)
        {
            return "—";
        }

        ISmallSolve reference = byHand();
        reference.StateFused();
        marked.IntoFused();
        if (!reference.FinalState.SequenceEqual(marked.FusedFinalState))
        {
            throw new InvalidOperationException("The [SmallOdeSystem] struct's solve with FusedMultiplyAdd differs from the system fused by hand; the contracted form must fuse where GCC fuses.");
        }

        double median = Median(times.Select(t => t.MedianSeconds));
        return TimeAndRatio(median, boostMedian is { } b ? median / b : double.NaN);
    }

    /// <summary>A row of the comparisons without a target: what, the ratio with both times, and against which build.</summary>
    private static IReadOnlyList<string> Comparison(string name, double seconds, double? boostSeconds, string against) =>
        [name, boostSeconds is { } b ? Format.Inv($"{Format.Ratio(seconds / b)} ({Format.Seconds(seconds)} vs {Format.Seconds(b)})") : "Boost.Odeint not run", against];

    /// <summary>A table cell: a time and its ratio to Boost's.</summary>
    private static string TimeAndRatio(double seconds, double ratio) => Format.Inv($"{Format.Seconds(seconds)} ({Format.Ratio(ratio)})");

    /// <summary>A target of at most Boost's time: the ratio and both times, or not measured without Boost.</summary>
    private static Target AgainstBoost(string name, double seconds, double? boostSeconds) =>
        boostSeconds is not { } boost
            ? new Target(name, "Boost.Odeint not run", "≤ 1.0×", null)
            : new Target(name, Format.Inv($"{Format.Ratio(seconds / boost)} ({Format.Seconds(seconds)} vs {Format.Seconds(boost)})"), "≤ 1.0×", seconds / boost <= 1.0);

    /// <summary>The gradient rows: each adjoint on the single-lane path against the forward solve and the batched integrator.</summary>
    private static void Gradients(System.Text.StringBuilder md)
    {
        var g = new SmallGradient();
        ReportContext.Log("one trajectory: gradients");
        TimingLoop.WarmUp(() => g.Forward());
        Timing forward = TimingLoop.Samples(() => g.Forward(), SampleMilliseconds, Samples);
        var rows = new List<IReadOnlyList<string>>();
        foreach (AdjointMethod method in new[] { AdjointMethod.Direct, AdjointMethod.Checkpointed, AdjointMethod.Backsolve })
        {
            TimingLoop.WarmUp(() => g.Gradient(method));
            Timing lane = TimingLoop.Samples(() => g.Gradient(method), SampleMilliseconds, Samples);
            string before = "n/a (runs through `Ode.Solve`)";
            if (method != AdjointMethod.Backsolve)
            {
                TimingLoop.WarmUp(() => g.Batched(method));
                Timing batched = TimingLoop.Samples(() => g.Batched(method), SampleMilliseconds, Samples);
                before = Format.Inv($"{Format.Seconds(batched.MedianSeconds)} ({Format.Bytes(Allocated(() => g.Batched(method)))} bytes)");
            }

            Gradient<double> result = g.Gradient(method);
            rows.Add([
                method.ToString(),
                Format.Seconds(lane.MedianSeconds),
                Format.Ratio(lane.MedianSeconds / forward.MedianSeconds),
                before,
                Format.Bytes(Allocated(() => g.Gradient(method))),
                Format.Inv($"{result.BackwardStats.Evaluations}"),
                Format.Inv($"{Format.Significant(result.Parameters[0], 6)}, {Format.Significant(result.Parameters[1], 6)}, {Format.Significant(result.Parameters[2], 6)}, {Format.Significant(result.Parameters[3], 6)}"),
            ]);
        }

        md.Append(Format.Inv($"Gradients of one trajectory: Lotka–Volterra with its four parameters and a hand-written VJP (a class implementing `IDifferentiableSystem<double>`), Dopri5 at rtol 1e-6, atol 1e-8 over [0, 10], dL/dy = 1 at t = 10. The forward `Ode.Solve` alone takes {Format.Seconds(forward.MedianSeconds)} (median, {Samples} samples). "));
        md.Append("Direct and Checkpointed give bit for bit the batched integrator's gradient (tests in `tests/OdeKernels.Tests/SingleLane/`); Backsolve integrates its adjoint system with the same single-lane solver.\n\n");
        Format.Table(md, ["adjoint", "time (single-lane path)", "× forward solve", "batched integrator (before)", "bytes per gradient", "backward evaluations", "dL/dθ"], rows);
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static double MaxDifference(ReadOnlySpan<double> a, double[] b)
    {
        double max = 0;
        for (int i = 0; i < a.Length && i < b.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    /// <summary>Bytes allocated per call, over 100 calls after one more warm-up call.</summary>
    private static long Allocated(Action call)
    {
        call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            call();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
    }
}
