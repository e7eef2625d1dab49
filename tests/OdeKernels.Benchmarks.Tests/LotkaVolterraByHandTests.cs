using System;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Tests;

/// <summary>
/// The one-trajectory section's by-hand solves (<see cref="LotkaVolterraByHand"/>) must do the single-lane path's
/// work exactly, or the breakdown would compare different computations: the same final bits (and, for Dopri5, the
/// same steps and evaluations) as <c>Ode.SolveInto</c>; the fused variant only close to them.
/// </summary>
public sealed class LotkaVolterraByHandTests
{
    private static readonly SolverOptions Adaptive = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    private static (double[] State, SolverStats Stats) SolveInto<TTableau>(double end, SolverOptions options)
        where TTableau : struct, IRungeKuttaTableau
    {
        var states = new double[4];
        SolverStats stats = Ode.SolveInto(default(LotkaVolterraSystem), default(TTableau), [1.0, 1.0], [0.0, end], states, options);
        return (states[2..], stats);
    }

    [Theory]
    [InlineData(10.0, 0.01)]
    [InlineData(1.0, 0.03)]
    [InlineData(0.01, 0.01)]
    public void Rk4_by_hand_in_locals_and_through_spans_gives_the_single_lane_bits(double end, double dt)
    {
        (double[] expected, _) = SolveInto<Rk4>(end, new SolverOptions { FixedStep = dt });

        (double x, double y) = LotkaVolterraByHand.Rk4Locals(1.0, 1.0, end, dt);
        (double sx, double sy) = LotkaVolterraByHand.Rk4Spans(1.0, 1.0, end, dt);

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected[0]), BitConverter.DoubleToInt64Bits(x));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected[1]), BitConverter.DoubleToInt64Bits(y));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected[0]), BitConverter.DoubleToInt64Bits(sx));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected[1]), BitConverter.DoubleToInt64Bits(sy));
    }

    [Fact]
    public void Rk4_fused_stays_within_rounding_of_the_single_lane_path()
    {
        (double[] expected, _) = SolveInto<Rk4>(10.0, new SolverOptions { FixedStep = 0.01 });

        (double x, double y) = LotkaVolterraByHand.Rk4LocalsFused(1.0, 1.0, 10.0, 0.01);

        Assert.Equal(expected[0], x, 1e-12);
        Assert.Equal(expected[1], y, 1e-12);
    }

    [Theory]
    [InlineData(10.0, false)]
    [InlineData(3.0, false)]
    [InlineData(0.01, true)]
    public void Dopri5_by_hand_in_locals_gives_the_single_lane_bits_and_work(double end, bool initialStep)
    {
        SolverOptions options = initialStep ? Adaptive with { InitialStep = 0.01 } : Adaptive;
        (double[] expected, SolverStats stats) = SolveInto<Dopri5>(end, options);

        (double x, double y, SolverStats work) = LotkaVolterraByHand.Dopri5Locals(1.0, 1.0, end, options);

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected[0]), BitConverter.DoubleToInt64Bits(x));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected[1]), BitConverter.DoubleToInt64Bits(y));
        Assert.Equal(stats, work);
        if (end == 10.0)
        {
            Assert.True(stats.RejectedSteps > 0, "the section's solve rejects steps, so the by-hand rejection path is checked too");
        }
    }

    [Fact]
    public void Dopri5_with_Boosts_controller_is_accurate_to_its_tolerance_and_controls_its_steps()
    {
        // The reference: the same solve at rtol 1e-12 through the library (an independent method of the same order).
        (double[] exact, _) = SolveInto<Dopri5>(10.0, new SolverOptions { RelativeTolerance = 1e-12, AbsoluteTolerance = 1e-14 });

        (double x, double y, SolverStats loose) = LotkaVolterraByHand.Dopri5BoostControllerFused(1.0, 1.0, 10.0, 0.01, 1e-8, 1e-6);
        (double tx, double ty, SolverStats tight) = LotkaVolterraByHand.Dopri5BoostControllerFused(1.0, 1.0, 10.0, 0.01, 1e-10, 1e-8);

        double looseError = Math.Max(Math.Abs(x - exact[0]), Math.Abs(y - exact[1]));
        double tightError = Math.Max(Math.Abs(tx - exact[0]), Math.Abs(ty - exact[1]));
        Assert.InRange(looseError, 1e-9, 1e-4);
        Assert.True(tightError < looseError / 10, $"tighter tolerances should cut the error: {tightError} vs {looseError}");
        Assert.True(tight.AcceptedSteps > 2 * loose.AcceptedSteps, $"and take more steps: {tight.AcceptedSteps} vs {loose.AcceptedSteps}");
        Assert.True(loose.RejectedSteps > 0, "the solve rejects steps, so the rejection rule runs too");
        Assert.Equal(1 + (6 * (loose.AcceptedSteps + loose.RejectedSteps)), loose.Evaluations);
    }
}
