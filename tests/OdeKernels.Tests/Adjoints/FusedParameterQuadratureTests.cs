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

    /// <summary>
    /// Two populations of identical lanes (a lane's backward steps are its own, so each population accepts or rejects
    /// as one): in a step where one population is rejected and the other accepted, the quadrature recomputes whichever
    /// side has fewer lanes (subtracting the rejected lanes from the step's own sums, or summing the accepted ones
    /// afresh). So 12 + 4 lanes and 4 + 12 lanes of the same two populations cost the same recomputation, where
    /// always subtracting the rejected lanes would charge 12 lanes in the steps that reject the larger population.
    /// </summary>
    [Fact]
    public void InAStepWhereMostLanesAreRejectedTheQuadratureSumsTheAcceptedLanesAgain()
    {
        var system = new SpiralNet64(seed: 3);
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

        // Two starts (of the rings above, scaled by 3) whose backward solves reject 3 of 12 and 8 of 30 steps.
        double[] starts = Starts<double>(33), cotangents = Cotangents<double>(SaveAt.Length, 4);
        double[] two = [3 * starts[30], 3 * starts[31], 3 * starts[64], 3 * starts[65]];
        long Recomputed(Gradient<double> g, int lanes) =>
            g.BackwardStats.Evaluations - Solver(g, lanes);

        // Dopri5 evaluates f at the start of each of the 2 segments, once for the starting step, and 6 times a step (FSAL).
        long Solver(Gradient<double> g, int lanes) =>
            (2L * (SaveAt.Length - 1) * lanes) + (6 * (g.BackwardStats.AcceptedSteps + g.BackwardStats.RejectedSteps));

        (Gradient<double> Fused, Gradient<double> Unfused) Populations(int first, int second)
        {
            int lanes = first + second;
            var y0 = new double[2 * lanes];
            var dLdY = new double[SaveAt.Length * 2 * lanes];
            for (int i = 0; i < lanes; i++)
            {
                int p = i < first ? 0 : 1;
                y0[2 * i] = two[2 * p];
                y0[(2 * i) + 1] = two[(2 * p) + 1];
                for (int save = 0; save < SaveAt.Length; save++)
                {
                    dLdY[(save * 2 * lanes) + (2 * i)] = cotangents[(save * 4) + (2 * p)];
                    dLdY[(save * 2 * lanes) + (2 * i) + 1] = cotangents[(save * 4) + (2 * p) + 1];
                }
            }

            return (Run<Dopri5, double>(system, y0, dLdY, options, fuse: true), Run<Dopri5, double>(system, y0, dLdY, options, fuse: false));
        }

        (Gradient<double> fused, Gradient<double> unfused) = Populations(12, 4);
        (Gradient<double> mirrored, _) = Populations(4, 12);

        // The unfused quadrature sums the 5 stages with bᵢ ≠ 0 over the accepted lanes: the solver's count above is exact.
        Assert.Equal(5 * unfused.BackwardStats.AcceptedSteps, Recomputed(unfused, 16));
        Assert.InRange(fused.BackwardStats.RejectedSteps, 1, fused.BackwardStats.AcceptedSteps / 2);

        // Stage 0 of every accepted lane step, plus 4 stages × the smaller side of every mixed step: the same for both.
        long mixed = Recomputed(fused, 16) - fused.BackwardStats.AcceptedSteps;
        Assert.True(mixed > 0, "no step rejected one population and accepted the other");
        Assert.Equal(mixed, Recomputed(mirrored, 16) - mirrored.BackwardStats.AcceptedSteps);
        Assert.True(mixed < 4 * fused.BackwardStats.RejectedSteps, $"{mixed} recomputed, {fused.BackwardStats.RejectedSteps} rejected lane steps");

        // And the sums are the gradient.
        AssertClose(unfused.Parameters, fused.Parameters, 1e-8);
    }

    /// <summary>
    /// The stage sums (stages × parameters) and the quadrature's own sums are rented per block, not allocated per
    /// gradient: for a convolutional field that was megabytes a training step, each page of it fresh memory. What a
    /// warm gradient still allocates is the result (parameter-sized, kept per block and totalled) and state-sized rows.
    /// </summary>
    [Fact]
    public void AWarmGradientAllocatesNoStageSumsOrQuadratureScratch()
    {
        var system = new WideNet64(seed: 1);
        int lanes = 16, n = system.StateSize, p = system.ParameterCount;
        var y0 = new double[lanes * n];
        for (int k = 0; k < y0.Length; k++)
        {
            y0[k] = Math.Sin(0.3 * k);
        }

        double[] dLdY = Cotangents<double>(SaveAt.Length, lanes * n);
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, MaxDegreeOfParallelism = 1 };
        Run<Dopri5, double>(system, y0, dLdY, options, fuse: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Gradient<double> gradient = Run<Dopri5, double>(system, y0, dLdY, options, fuse: true);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(gradient.BackwardStats.AcceptedSteps > 0);
        long stageSums = (long)Dopri5.Info.Stages * p * sizeof(double);
        Assert.True(bytes < stageSums / 2, $"{bytes} bytes allocated by a warm gradient of {p} parameters (the stage sums alone are {stageSums})");
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
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<TTableau, T>(system, Starts<T>(lanes), Cotangents<T>(SaveAt.Length, lanes * system.StateSize), options, fuse);

    private static Gradient<T> Run<TTableau, T>(IBatchedDifferentiableSystem<T> system, T[] y0, T[] dLdY, SolverOptions options, bool fuse)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] saveAt = Array.ConvertAll(SaveAt, T.CreateTruncating);
        int lanes = y0.Length / system.StateSize;
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
