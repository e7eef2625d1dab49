using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Benchmarks.Workloads;
using OdeKernels.Solving;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// The one-trajectory section's breakdown of a Lotka–Volterra solve: the single-lane path against the same
/// arithmetic written by hand (<see cref="LotkaVolterraByHand"/>) with the state in memory behind spans, in locals,
/// and in locals with fused multiply-adds, and the step-size controller's share of Dopri5 alone, timed side by side in
/// the same rounds, each as a multiple of Boost.Odeint's time from the section's own table.
/// </summary>
internal static class OneTrajectoryFloors
{
    // Written by every call, so the JIT cannot drop the work of a call whose result is otherwise unused.
    private static double _sink;

    private sealed record Variant(string Label, Action? Rk4, Action? Dopri5);

    /// <summary>
    /// Measures the variants (<paramref name="rounds"/> rounds of <paramref name="samples"/> samples of about
    /// <paramref name="sampleMilliseconds"/> ms, medians over rounds) and appends the table; Boost's medians for the
    /// two Lotka–Volterra cases come from the section's table (null where Boost did not run).
    /// </summary>
    public static void Append(StringBuilder md, double? boostRk4, double? boostDopri5, SolverOptions adaptive, SolverOptions fixedStep, int rounds, double sampleMilliseconds, int samples)
    {
        double dt = fixedStep.FixedStep ?? throw new ArgumentException("fixedStep must have a FixedStep.", nameof(fixedStep));
        var rk4 = new SmallSolve<LotkaVolterraSystem, Rk4, State2<double>>(default, [1.0, 1.0], 10.0, fixedStep);
        var dopri5 = new SmallSolve<LotkaVolterraSystem, Dopri5, State2<double>>(default, [1.0, 1.0], 10.0, adaptive);
        dopri5.Into();
        int accepted = checked((int)dopri5.Stats.AcceptedSteps);
        var boostLike = LotkaVolterraByHand.Dopri5BoostControllerFused(1.0, 1.0, 10.0, 0.01, adaptive.AbsoluteTolerance, adaptive.RelativeTolerance);
        Variant[] variants =
        [
            new("OdeKernels `SolveInto` (the single-lane path)", rk4.Into, dopri5.Into),
            new("OdeKernels state path (`ISmallOdeSystem`, stages in locals): the same bits", rk4.State, dopri5.State),
            new("OdeKernels state path with `FusedMultiplyAdd` (other bits)", rk4.StateFused, dopri5.StateFused),
            new("by hand, the state in memory behind spans (what `IOdeSystem<T>.Evaluate` imposes)", () => _sink = LotkaVolterraByHand.Rk4Spans(1.0, 1.0, 10.0, dt).X, null),
            new("by hand, the state in locals (registers): the same bits", () => _sink = LotkaVolterraByHand.Rk4Locals(1.0, 1.0, 10.0, dt).X, () => _sink = LotkaVolterraByHand.Dopri5Locals(1.0, 1.0, 10.0, adaptive).X),
            new("by hand, in locals, fused multiply-adds (as GCC compiles Boost; other bits)", () => _sink = LotkaVolterraByHand.Rk4LocalsFused(1.0, 1.0, 10.0, dt).X, null),
            new(Format.Inv($"by hand, in locals, fused multiply-adds, Boost.Odeint's controller and max norm ({boostLike.Stats.AcceptedSteps} + {boostLike.Stats.RejectedSteps} steps, {boostLike.Stats.Evaluations} evaluations; other bits)"), null, () => _sink = LotkaVolterraByHand.Dopri5BoostControllerFused(1.0, 1.0, 10.0, 0.01, adaptive.AbsoluteTolerance, adaptive.RelativeTolerance).X),
            new(Format.Inv($"the step-size controller alone: `StepController.AfterAccept` {accepted} times (the solve's accepted steps) in one dependent chain"), null, () => _sink = ControllerChain(adaptive, accepted)),
        ];
        var times = new List<double>[variants.Length, 2];
        foreach (Variant v in variants)
        {
            foreach (Action? call in new[] { v.Rk4, v.Dopri5 })
            {
                if (call is not null)
                {
                    TimingLoop.WarmUp(call);
                }
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < variants.Length; i++)
            {
                Action?[] calls = [variants[i].Rk4, variants[i].Dopri5];
                for (int m = 0; m < 2; m++)
                {
                    times[i, m] ??= [];
                    if (calls[m] is { } call)
                    {
                        times[i, m].Add(TimingLoop.Samples(call, sampleMilliseconds, samples).MedianSeconds);
                    }
                }
            }
        }

        var rows = new List<IReadOnlyList<string>>();
        for (int i = 0; i < variants.Length; i++)
        {
            rows.Add([variants[i].Label, .. Cells(times[i, 0], boostRk4), .. Cells(times[i, 1], boostDopri5)]);
        }

        rows.Add(["Boost.Odeint (the table above)", boostRk4 is { } r ? Format.Seconds(r) : "n/a", "1×", boostDopri5 is { } d ? Format.Seconds(d) : "n/a", "1×"]);
        md.Append("Where the time of one Lotka–Volterra solve goes: the single-lane path against the generated steps' arithmetic written out by hand for this system ");
        md.Append("(`bench/OdeKernels.Benchmarks/Baselines/LotkaVolterraByHand.cs`: the same operations in the same order, the same landing on t1, Dopri5 with the integrator's starting step and controller, ");
        md.Append("so the by-hand solves in memory and in locals give the single-lane path's bits; a benchmark test checks them), timed alternately in the same rounds (medians over rounds). ");
        md.Append("The gap between *spans* and *locals* is the cost of a right-hand side that reads and writes memory: every evaluation stores its stage state and loads it back, stores its derivative and loads it back, on the chain of dependent operations one trajectory is. ");
        md.Append("The fused row shows what relaxing the arithmetic order (multiply-adds, which the batched and CUDA paths do not use) would add on top; ");
        md.Append("the controller row, what Hairer's PI controller costs by itself, against Boost's whole solve: per accepted step one `Math.Pow` of the step's error on the chain from one step's error to the next step's size, and one of the error memory errPrevious^β, taken off that chain (`StepController.Memory`). ");
        md.Append("The Boost-controller row ports Boost 1.74's controller by hand (`Dopri5BoostControllerFused`: the max norm with an h·|f| term and no square root, and a `pow` only on rejection or below err = 0.5) over the fused arithmetic: it takes exactly Boost's steps and evaluations, and shows what the controller, not the arithmetic, costs.\n\n");
        Format.Table(md, ["variant", "Rk4 (dt 0.01)", "× Boost", "Dopri5 (rtol 1e-6, atol 1e-8)", "× Boost"], rows);
        md.Append('\n');
    }

    /// <summary>
    /// The controller's update after <paramref name="steps"/> accepted steps, each error depending on the step before so
    /// that the calls form one chain, as they do in a solve (errors near 0.3, where the solve's lie).
    /// </summary>
    private static double ControllerChain(SolverOptions options, int steps)
    {
        var controller = StepController.For(Dopri5.Info, options);
        double step = 0.01, errorMemory = 1.0;
        for (int i = 0; i < steps; i++)
        {
            double err = 0.3 + (step * 1e-3);
            step = controller.Limit(controller.AfterAccept(step, step, false, err, ref errorMemory));
        }

        return step;
    }

    private static string[] Cells(List<double> times, double? boost)
    {
        if (times.Count == 0)
        {
            return ["—", "—"];
        }

        double median = times.Order().ElementAt(times.Count / 2);
        return [Format.Seconds(median), boost is { } b ? Format.Ratio(median / b) : "n/a"];
    }
}
