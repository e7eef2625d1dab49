using System;

namespace OdeKernels.Tests.Solving;

/// <summary>Lanes are independent trajectories with their own adaptive steps, vectorised together.</summary>
public sealed class BatchTests
{
    [Fact]
    public void SlowAndFastLanesBothMeetToleranceAndStepIndependently()
    {
        double[] omegas = [1.0, 50.0];
        double[] y0 = [1, 0, omegas[0], 1, 0, omegas[1]];
        double[] saveAt = [0, 0.5, 1, 2, 3];
        var options = new SolverOptions { RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-11 };
        Solution<double> sol = Ode.Solve(new Rotation<double>(), new Tsit5(), y0, saveAt, options);

        for (int lane = 0; lane < 2; lane++)
        {
            for (int s = 0; s < saveAt.Length; s++)
            {
                double angle = omegas[lane] * saveAt[s];
                Assert.Equal(Math.Cos(angle), sol[s, lane, 0], 1e-6);
                Assert.Equal(Math.Sin(angle), sol[s, lane, 1], 1e-6);
                Assert.Equal(omegas[lane], sol[s, lane, 2]);
            }
        }

        SolverStats slow = sol.LaneStats(0), fast = sol.LaneStats(1);
        Assert.True(fast.AcceptedSteps > 5 * slow.AcceptedSteps, $"slow lane {slow.AcceptedSteps} steps, fast lane {fast.AcceptedSteps}");
        Assert.Equal(slow.Evaluations + fast.Evaluations, sol.Stats.Evaluations);
        Assert.Equal(slow.AcceptedSteps + fast.AcceptedSteps, sol.Stats.AcceptedSteps);
    }

    [Fact]
    public void FsalMethodEvaluatesSixTimesPerStepAfterTheFirst()
    {
        Solution<double> sol = Ode.Solve(new Decay<double>(), new Dopri5(), [1.0], [0.0, 1.0], new SolverOptions { FixedStep = 0.1 });
        Assert.Equal(10, sol.Stats.AcceptedSteps);
        Assert.Equal(1 + (10 * 6), sol.Stats.Evaluations);
        Assert.Equal(Math.Exp(-1), sol[1, 0, 0], 1e-8);
    }

    [Theory]
    [InlineData(nameof(Tsit5))]
    [InlineData(nameof(Vern7))]
    [InlineData(nameof(Bosh3))]
    [InlineData(nameof(Rk4))]
    public void EveryBatchSizeEqualsLaneByLaneSolvesBitwise(string method)
    {
        // 1..40 lanes covers every remainder of 8-wide (double, AVX-512) and 4- and 2-wide vectors.
        var options = new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9, FixedStep = method == nameof(Rk4) ? 0.05 : null };
        double[] saveAt = [0, 0.3, 1.1];
        for (int lanes = 1; lanes <= 40; lanes++)
        {
            double[] y0 = new double[lanes * 3];
            for (int i = 0; i < lanes; i++)
            {
                y0[3 * i] = Math.Cos(i);
                y0[(3 * i) + 1] = Math.Sin(i);
                y0[(3 * i) + 2] = 0.5 + (0.37 * i);
            }

            Solution<double> batch = Tableaux.Solve(method, new BatchedRotation(), y0, saveAt, options);
            for (int lane = 0; lane < lanes; lane++)
            {
                Solution<double> single = Tableaux.Solve(method, new Rotation<double>(), y0.AsSpan(3 * lane, 3).ToArray(), saveAt, options);
                Assert.Equal(single.LaneStats(0), batch.LaneStats(lane));
                for (int s = 0; s < saveAt.Length; s++)
                {
                    Assert.True(single.State(s, 0).SequenceEqual(batch.State(s, lane)), $"{lanes} lanes: lane {lane} save {s} differs from its single-lane solve");
                }
            }
        }
    }

    [Fact]
    public void Float32SolveTracksFloat64Solve()
    {
        float[] y0f = [1f, 0f, 3f];
        Solution<float> f = Ode.Solve(new Rotation<float>(), new Tsit5(), y0f, [0f, 1f, 2f], new SolverOptions { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 });
        for (int s = 1; s < 3; s++)
        {
            double angle = 3.0 * s;
            Assert.Equal(Math.Cos(angle), f[s, 0, 0], 1e-4);
            Assert.Equal(Math.Sin(angle), f[s, 0, 1], 1e-4);
        }
    }

    [Fact]
    public void SavedStatesAreLaidOutSaveMajorAndTheFirstIsY0()
    {
        double[] y0 = [1, 2, 3];
        Solution<double> sol = Ode.Solve(new Decay<double>(), new Tsit5(), y0, [0.0, 1.0], new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 });
        Assert.Equal(2, sol.SaveCount);
        Assert.Equal(3, sol.Lanes);
        Assert.Equal(y0, sol.States[..3].ToArray());
        for (int lane = 0; lane < 3; lane++)
        {
            Assert.Equal(y0[lane] * Math.Exp(-1), sol.States[3 + lane], 1e-9);
            Assert.Equal(sol.States[3 + lane], sol[1, lane, 0]);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => sol[2, 0, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => sol.LaneStats(3));
    }

    [Fact]
    public void ASingleSaveTimeReturnsTheInitialStateWithoutWork()
    {
        Solution<double> sol = Ode.Solve(new Decay<double>(), new Tsit5(), [4.0], [1.0]);
        Assert.Equal(4.0, sol[0, 0, 0]);
        Assert.Equal(0, sol.Stats.Evaluations);
    }
}
