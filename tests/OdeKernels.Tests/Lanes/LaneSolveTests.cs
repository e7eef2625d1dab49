using System;
using System.Collections.Generic;
using OdeKernels.Tests.Solving;

namespace OdeKernels.Tests.Lanes;

/// <summary>
/// Solves with per-lane save times (<see cref="LaneSaveTimes{T}"/>): every lane at its own times against the exact
/// rotation, bit for bit what the lane gets solved alone on a shared saveAt, the shared overload's bits when the times
/// agree, on the single-lane path (few lanes), the batched path (a batched class and a plain struct in blocks) and in
/// both save modes.
/// </summary>
public sealed class LaneSolveTests
{
    private static readonly SolverOptions Tight = new() { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 };

    public static IEnumerable<object[]> Paths()
    {
        foreach (SaveMode mode in new[] { SaveMode.Step, SaveMode.Interpolate })
        {
            // 2 lanes: the single-lane path; 40: the batched one.
            foreach (int lanes in new[] { 2, 40 })
            {
                yield return [mode, lanes, false];
                yield return [mode, lanes, true];
            }
        }
    }

    private static LaneSolution<double> Solve(bool batchedClass, double[] y0, LaneSaveTimes<double> times, SolverOptions options) =>
        batchedClass
            ? Ode.Solve(new BatchedRotation(), new Tsit5(), y0, times, options)
            : Ode.Solve(new Rotation<double>(), new Tsit5(), y0, times, options);

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryLaneMatchesTheExactRotationAtItsOwnTimes(SaveMode mode, int lanes, bool batchedClass)
    {
        LaneSaveTimes<double> times = RaggedTimes.Random(lanes, seed: lanes);
        double[] y0 = RaggedTimes.RotationStates(lanes);
        LaneSolution<double> solution = Solve(batchedClass, y0, times, Tight with { SaveMode = mode });
        Assert.Equal(times.Count * 3, solution.States.Length);
        double tolerance = mode == SaveMode.Step ? 1e-8 : 1e-6;
        int checkedRows = 0;
        for (int lane = 0; lane < lanes; lane++)
        {
            ReadOnlySpan<double> lane0 = y0.AsSpan(3 * lane, 3);
            for (int r = 0; r < times.SaveCount(lane); r++)
            {
                (double x, double y) = RaggedTimes.Rotated(lane0, times.Start, times.Lane(lane)[r]);
                Assert.True(Math.Abs(solution[lane, r, 0] - x) < tolerance, $"lane {lane} time {r}: x {solution[lane, r, 0]:R}, exact {x:R}");
                Assert.True(Math.Abs(solution[lane, r, 1] - y) < tolerance, $"lane {lane} time {r}: y {solution[lane, r, 1]:R}, exact {y:R}");
                Assert.Equal(lane0[2], solution[lane, r, 2]);
                checkedRows++;
            }

            if (times.SaveCount(lane) == 0)
            {
                Assert.Equal(default, solution.LaneStats(lane));
            }
        }

        Assert.Equal(times.Count, checkedRows);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EachLaneGetsTheBitsOfItsOwnSharedSolve(SaveMode mode, int lanes, bool batchedClass)
    {
        LaneSaveTimes<double> times = RaggedTimes.Random(lanes, seed: 7 + lanes);
        double[] y0 = RaggedTimes.RotationStates(lanes);
        SolverOptions options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 } with { SaveMode = mode };
        LaneSolution<double> solution = Solve(batchedClass, y0, times, options);
        for (int lane = 0; lane < lanes; lane++)
        {
            ReadOnlySpan<double> own = times.Lane(lane);
            if (own.Length == 0)
            {
                continue;
            }

            // The shared saveAt starts at the start; a lane time equal to the start is that first save.
            bool startSaved = own[0] == times.Start;
            double[] saveAt = startSaved ? own.ToArray() : [times.Start, .. own];
            Solution<double> alone = Ode.Solve(new Rotation<double>(), new Tsit5(), y0.AsSpan(3 * lane, 3), saveAt, options);
            int skip = startSaved ? 0 : 1;
            for (int r = 0; r < own.Length; r++)
            {
                Assert.True(alone.State(r + skip, 0).SequenceEqual(solution.State(lane, r)), $"lane {lane} time {r} differs from the lane solved alone");
            }

            Assert.Equal(alone.LaneStats(0), solution.LaneStats(lane));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void SameTimesForEveryLaneGiveTheSharedOverloadsBits(SaveMode mode, int lanes, bool batchedClass)
    {
        double[] saveAt = [0.25, 0.5, 1.75, 2.0, 3.125];
        double[] y0 = RaggedTimes.RotationStates(lanes);
        var perLane = new List<double[]>();
        for (int lane = 0; lane < lanes; lane++)
        {
            perLane.Add(saveAt);
        }

        SolverOptions options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 } with { SaveMode = mode };
        LaneSolution<double> ragged = Solve(batchedClass, y0, LaneSaveTimes<double>.FromLanes(saveAt[0], perLane), options);
        Solution<double> shared = batchedClass
            ? Ode.Solve(new BatchedRotation(), new Tsit5(), y0, saveAt, options)
            : Ode.Solve(new Rotation<double>(), new Tsit5(), y0, saveAt, options);
        for (int lane = 0; lane < lanes; lane++)
        {
            for (int j = 0; j < saveAt.Length; j++)
            {
                Assert.True(shared.State(j, lane).SequenceEqual(ragged.State(lane, j)), $"lane {lane} save {j}");
            }

            Assert.Equal(shared.LaneStats(lane), ragged.LaneStats(lane));
        }

        Assert.Equal(shared.Stats, ragged.Stats);
    }

    [Fact]
    public void LanesWithNoTimeOrOnlyTheStartTakeNoStep()
    {
        double[] y0 = RaggedTimes.RotationStates(3);
        var times = LaneSaveTimes<double>.FromLanes(1.0, [[], [1.0], [1.0, 2.0]]);
        LaneSolution<double> solution = Ode.Solve(new Rotation<double>(), new Tsit5(), y0, times, Tight);
        Assert.Equal(3, times.Count);
        Assert.Equal(default, solution.LaneStats(0));
        Assert.Equal(default, solution.LaneStats(1));
        Assert.True(solution.State(1, 0).SequenceEqual(y0.AsSpan(3, 3)));
        Assert.True(solution.State(2, 0).SequenceEqual(y0.AsSpan(6, 3)));
        (double x, double y) = RaggedTimes.Rotated(y0.AsSpan(6, 3), 1.0, 2.0);
        Assert.Equal(x, solution[2, 1, 0], 1e-9);
        Assert.Equal(y, solution[2, 1, 1], 1e-9);
        Assert.True(solution.LaneStats(2).AcceptedSteps > 0);
    }

    [Fact]
    public void SolveIntoWritesTheRaggedStates()
    {
        LaneSaveTimes<double> times = RaggedTimes.Random(40, seed: 3);
        double[] y0 = RaggedTimes.RotationStates(40);
        LaneSolution<double> solution = Ode.Solve(new BatchedRotation(), new Tsit5(), y0, times, Tight);
        var states = new double[times.Count * 3];
        SolverStats stats = Ode.SolveInto(new BatchedRotation(), new Tsit5(), y0, times, states, Tight);
        Assert.True(solution.States.SequenceEqual(states));
        Assert.Equal(solution.Stats, stats);
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.SolveInto(new BatchedRotation(), new Tsit5(), y0, times, new double[states.Length - 1], Tight));
        Assert.Equal("states", ex.ParamName);
    }

    /// <summary>Rk4 at fixed steps clipped to each lane's own times: the error at every lane's times falls as h⁴.</summary>
    [Fact]
    public void FixedStepErrorAtPerLaneTimesFallsAtTheMethodsOrder()
    {
        const int lanes = 12;
        LaneSaveTimes<double> times = RaggedTimes.Random(lanes, seed: 11);
        double[] y0 = RaggedTimes.RotationStates(lanes);
        var logH = new List<double>();
        var logE = new List<double>();
        foreach (double h in new[] { 0.04, 0.03, 0.02, 0.015, 0.01 })
        {
            LaneSolution<double> solution = Ode.Solve(new Rotation<double>(), new Rk4(), y0, times, new SolverOptions { FixedStep = h });
            double error = 0;
            for (int lane = 0; lane < lanes; lane++)
            {
                for (int r = 0; r < times.SaveCount(lane); r++)
                {
                    (double x, double y) = RaggedTimes.Rotated(y0.AsSpan(3 * lane, 3), times.Start, times.Lane(lane)[r]);
                    error = Math.Max(error, Math.Max(Math.Abs(solution[lane, r, 0] - x), Math.Abs(solution[lane, r, 1] - y)));
                }
            }

            logH.Add(Math.Log(h));
            logE.Add(Math.Log(error));
        }

        double slope = ConvergenceTests.Slope(logH, logE);
        Assert.True(Math.Abs(slope - 4) <= 0.3, $"fitted slope {slope:F3}, declared order 4");
    }

    [Fact]
    public void TheCudaBackendIsRefusedClearly()
    {
        var times = LaneSaveTimes<double>.FromLanes(0.0, [[1.0]]);
        var ex = Assert.Throws<NotSupportedException>(() => Ode.Solve(new Rotation<double>(), new Tsit5(), [1.0, 0.0, 1.0], times, new SolverOptions { Backend = Backend.Cuda }));
        Assert.Contains("CPU", ex.Message);
    }
}
