using System;
using System.Numerics;
using OdeKernels.Adjoints;
using OdeKernels.Examples.Datasets;
using OdeKernels.Solving;
using static OdeKernels.Tests.Parallel.ThreadCountDeterminismTests;

namespace OdeKernels.Tests.Adjoints;

/// <summary>
/// The Backsolve adjoint's a_θ quadrature takes stages 1..s−1 from the backward step's own VJP calls
/// (<see cref="StageParameterSums{T}"/>) instead of evaluating f and its VJP there again. Checked against the same
/// adjoint with every stage recomputed (the unfused quadrature), against the Direct discrete adjoint at tight
/// tolerance, on fixed steps (one h for every lane) and on adaptive steps where some lanes' backward steps are
/// rejected while others are accepted, and for the same bits on every thread count.
/// </summary>
public sealed class FusedParameterQuadratureTests
{
    private static readonly double[] SaveAt = [0.0, 0.3, 0.6];

    [Fact]
    public void OnFixedStepsTheFusedSumsMatchTheRecomputedOnesAndTheStateCotangentKeepsItsBits()
    {
        var system = new SpiralNet64(seed: 3);
        var options = new SolverOptions { FixedStep = 0.01 };
        Gradient<double> fused = Run<Rk4, double>(system, 300, options, fuse: true);
        Gradient<double> unfused = Run<Rk4, double>(system, 300, options, fuse: false);
        // One h for all lanes: the stage VJPs see the cotangents unscaled, so the backward [y, a] solve is unchanged.
        Assert.Equal(Bits(unfused.InitialState), Bits(fused.InitialState));
        AssertClose(unfused.Parameters, fused.Parameters, 1e-12);

        // RK4: the unfused quadrature evaluates all 4 stages again per lane and step; the fused one at most stage 0 of
        // each segment's first step (when the segment's solve has a workspace of its own), never more.
        long steps = fused.BackwardStats.AcceptedSteps;
        Assert.Equal(steps, unfused.BackwardStats.AcceptedSteps);
        long solver = unfused.BackwardStats.Evaluations - (4 * steps);
        Assert.InRange(fused.BackwardStats.Evaluations - solver, 0, (SaveAt.Length - 1) * 300);
    }

    [Fact]
    public void OnFixedFloatStepsTheFusedSumsMatchTheRecomputedOnes()
    {
        var system = new SpiralNet(seed: 3);
        var options = new SolverOptions { FixedStep = 0.01 };
        Gradient<float> fused = Run<Rk4, float>(system, 300, options, fuse: true);
        Gradient<float> unfused = Run<Rk4, float>(system, 300, options, fuse: false);
        Assert.Equal(Bits(unfused.InitialState), Bits(fused.InitialState));
        AssertClose(unfused.Parameters, fused.Parameters, 1e-5);
    }

    [Fact]
    public void WithRejectedBackwardStepsOnSomeLanesOnlyTheAcceptedStepsCount()
    {
        var system = new SpiralNet64(seed: 3);
        var options = new SolverOptions { RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-11 };
        Gradient<double> fused = Run<Dopri5, double>(system, 300, options, fuse: true);
        Gradient<double> unfused = Run<Dopri5, double>(system, 300, options, fuse: false);

        // Rejections happen on some lanes in steps where others accept (a lane's steps are its own).
        Assert.InRange(fused.BackwardStats.RejectedSteps, 1, fused.BackwardStats.AcceptedSteps / 4);
        Assert.Equal(Bits(unfused.Solution.States.ToArray()), Bits(fused.Solution.States.ToArray()));

        // Per-lane h enters the fused sums through the cotangent and leaves a' by a division: rounding-level changes
        // of the backward solve, far below its own tolerance.
        AssertClose(unfused.Parameters, fused.Parameters, 1e-8);
        AssertClose(unfused.InitialState, fused.InitialState, 1e-8);

        // And both are the gradient: the Direct discrete adjoint of the same forward solve at this tolerance.
        double[] direct = Ode.Gradient(system, new Dopri5(), Starts<double>(300), SaveAt, Cotangents<double>(SaveAt.Length, 600), options, AdjointMethod.Direct).Parameters;
        AssertClose(direct, fused.Parameters, 1e-6);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheFusedQuadratureGivesTheSameBitsOnEveryThreadCount(bool fixedSteps)
    {
        SolverOptions options = fixedSteps ? new SolverOptions { FixedStep = 0.01 } : new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        double[] reference64 = Everything(Run<Tsit5, double>(new SpiralNet64(seed: 3), 1000, options with { MaxDegreeOfParallelism = 1 }, fuse: true));
        float[] reference32 = Everything(Run<Tsit5, float>(new SpiralNet(seed: 3), 1000, options with { MaxDegreeOfParallelism = 1 }, fuse: true));
        foreach (int threads in new[] { 2, 3, 8 })
        {
            SolverOptions parallel = options with { MaxDegreeOfParallelism = threads };
            Assert.Equal(Bits(reference64), Bits(Everything(Run<Tsit5, double>(new SpiralNet64(seed: 3), 1000, parallel, fuse: true))));
            Assert.Equal(Bits(reference32), Bits(Everything(Run<Tsit5, float>(new SpiralNet(seed: 3), 1000, parallel, fuse: true))));
        }
    }

    private static Gradient<T> Run<TTableau, T>(IBatchedDifferentiableSystem<T> system, int lanes, SolverOptions options, bool fuse)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] y0 = Starts<T>(lanes), saveAt = Array.ConvertAll(SaveAt, T.CreateTruncating);
        T[] dLdY = Cotangents<T>(saveAt.Length, lanes * system.StateSize);
        var cotangents = global::OdeKernels.Adjoints.Cotangents<T>.Given(dLdY);
        return BatchedBacksolveAdjoint.Run<TTableau, T>(system, y0, SaveSchedule<T>.Shared(saveAt, lanes), ref cotangents, options, fuse);
    }

    private static T[] Everything<T>(Gradient<T> g)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. g.Parameters, .. g.InitialState, T.CreateTruncating(g.BackwardStats.Evaluations), T.CreateTruncating(g.BackwardStats.RejectedSteps)];

    /// <summary>‖actual − expected‖∞ ≤ <paramref name="relative"/> ‖expected‖∞.</summary>
    private static void AssertClose<T>(T[] expected, T[] actual, double relative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, error = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            scale = Math.Max(scale, Math.Abs(double.CreateTruncating(expected[k])));
            error = Math.Max(error, Math.Abs(double.CreateTruncating(actual[k]) - double.CreateTruncating(expected[k])));
        }

        Assert.True(error <= relative * scale, $"max error {error:G3} exceeds {relative:G3} × {scale:G3}");
    }
}
