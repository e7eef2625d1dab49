using System;
using System.Collections.Generic;
using OdeKernels.Tests.Adjoints;
using static OdeKernels.Tests.Adjoints.AdjointGradientTests;

namespace OdeKernels.Tests.Lanes;

/// <summary>
/// Gradients of L = Σ wₖ·yₖ over ragged per-lane save times, with every adjoint, against float64 central finite
/// differences and against each other, on the single-lane path (a hand-written system, 2 lanes), the blocked path
/// (the same system, 20 lanes) and the batched differentiable path; and the shared overload's bits when the times agree.
/// </summary>
public sealed class LaneGradientTests
{
    public static IEnumerable<object[]> Discrete()
    {
        foreach (string system in new[] { "lane", "blocks", "batched" })
        {
            foreach (SaveMode mode in new[] { SaveMode.Step, SaveMode.Interpolate })
            {
                yield return [system, AdjointMethod.Direct, 0, mode];
                yield return [system, AdjointMethod.Checkpointed, 0, mode];
                yield return [system, AdjointMethod.Checkpointed, 3, mode];
            }
        }
    }

    public static IEnumerable<object[]> Systems() => [["lane"], ["blocks"], ["batched"]];

    public static IEnumerable<object[]> SystemsAndModes()
    {
        foreach (string system in new[] { "lane", "blocks", "batched" })
        {
            yield return [system, SaveMode.Step];
            yield return [system, SaveMode.Interpolate];
        }
    }

    private static int LaneCount(string system) => system == "lane" ? 2 : 20;

    private static double[] States(int lanes)
    {
        var y0 = new double[2 * lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            y0[2 * lane] = 1.0 + (0.05 * lane);
            y0[(2 * lane) + 1] = 0.6 + (0.03 * (lane % 7));
        }

        return y0;
    }

    private static LaneSaveTimes<double> Times(int lanes) => RaggedTimes.Random(lanes, seed: 5 + lanes, start: 0.25, span: 2.0);

    private static LaneGradient<double> Gradient(string system, double[] y0, LaneSaveTimes<double> times, double[] dLdY, SolverOptions options, AdjointMethod method, int checkpoints = 0) =>
        system == "batched"
            ? Ode.Gradient(new BatchedLotkaVolterra(), new Tsit5(), y0, times, dLdY, options, method, checkpoints)
            : Ode.Gradient(new PredatorPrey(), new Tsit5(), y0, times, dLdY, options, method, checkpoints);

    private static double Loss(PredatorPrey f, double[] y0, LaneSaveTimes<double> times, SolverOptions options)
    {
        LaneSolution<double> solution = Ode.Solve(f, new Tsit5(), y0, times, options);
        double[] w = RaggedTimes.Weights(solution.States.Length);
        double loss = 0;
        for (int i = 0; i < w.Length; i++)
        {
            loss += w[i] * solution.States[i];
        }

        return loss;
    }

    private static (double[] Parameters, double[] Initial) FiniteDifferences(double[] y0, LaneSaveTimes<double> times, SolverOptions options, double eps)
    {
        var theta = new double[4];
        for (int k = 0; k < 4; k++)
        {
            var plus = new PredatorPrey();
            var minus = new PredatorPrey();
            plus.Parameters[k] += eps;
            minus.Parameters[k] -= eps;
            theta[k] = (Loss(plus, y0, times, options) - Loss(minus, y0, times, options)) / (2 * eps);
        }

        var initial = new double[y0.Length];
        for (int i = 0; i < y0.Length; i++)
        {
            double[] up = (double[])y0.Clone(), down = (double[])y0.Clone();
            up[i] += eps;
            down[i] -= eps;
            initial[i] = (Loss(new PredatorPrey(), up, times, options) - Loss(new PredatorPrey(), down, times, options)) / (2 * eps);
        }

        return (theta, initial);
    }

    [Theory]
    [MemberData(nameof(Discrete))]
    public void DiscreteAdjointsEqualFiniteDifferencesOfTheFixedStepSolve(string system, AdjointMethod method, int checkpoints, SaveMode mode)
    {
        int lanes = LaneCount(system);
        double[] y0 = States(lanes);
        LaneSaveTimes<double> times = Times(lanes);
        var options = new SolverOptions { FixedStep = 0.01, SaveMode = mode };
        (double[] theta, double[] initial) = FiniteDifferences(y0, times, options, 1e-6);
        LaneGradient<double> g = Gradient(system, y0, times, RaggedTimes.Weights(times.Count * 2), options, method, checkpoints);
        AssertClose(theta, g.Parameters, 1e-6, "dL/dθ");
        AssertClose(initial, g.InitialState, 1e-6, "dL/dy0");
    }

    [Theory]
    [MemberData(nameof(SystemsAndModes))]
    public void BacksolveEqualsFiniteDifferencesOfATightSolve(string system, SaveMode mode)
    {
        int lanes = LaneCount(system);
        double[] y0 = States(lanes);
        LaneSaveTimes<double> times = Times(lanes);
        var tight = new SolverOptions { RelativeTolerance = 1e-12, AbsoluteTolerance = 1e-12 };
        (double[] theta, double[] initial) = FiniteDifferences(y0, times, tight, 1e-5);
        LaneGradient<double> g = Gradient(system, y0, times, RaggedTimes.Weights(times.Count * 2), new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10, SaveMode = mode }, AdjointMethod.Backsolve);
        AssertClose(theta, g.Parameters, 1e-6, "dL/dθ");
        AssertClose(initial, g.InitialState, 1e-6, "dL/dy0");
    }

    [Theory]
    [MemberData(nameof(SystemsAndModes))]
    public void TheThreeAdjointsAgree(string system, SaveMode mode)
    {
        int lanes = LaneCount(system);
        double[] y0 = States(lanes);
        LaneSaveTimes<double> times = Times(lanes);
        double[] dLdY = RaggedTimes.Weights(times.Count * 2);
        var options = new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10, SaveMode = mode };
        LaneGradient<double> direct = Gradient(system, y0, times, dLdY, options, AdjointMethod.Direct);
        LaneGradient<double> checkpointed = Gradient(system, y0, times, dLdY, options, AdjointMethod.Checkpointed, 2);
        LaneGradient<double> backsolve = Gradient(system, y0, times, dLdY, options, AdjointMethod.Backsolve);
        if (system == "batched")
        {
            // The lockstep reversal sums each round's parameter cotangent over the lanes in it, and checkpoint
            // segments make other rounds than one pass over every step: the same terms in another order.
            AssertClose(direct.Parameters, checkpointed.Parameters, 1e-13, "dL/dθ, Checkpointed");
            AssertClose(direct.InitialState, checkpointed.InitialState, 1e-13, "dL/dy0, Checkpointed");
        }
        else
        {
            Assert.Equal(direct.Parameters, checkpointed.Parameters);
            Assert.Equal(direct.InitialState, checkpointed.InitialState);
        }

        AssertClose(direct.Parameters, backsolve.Parameters, 1e-6, "dL/dθ");
        AssertClose(direct.InitialState, backsolve.InitialState, 1e-6, "dL/dy0");
        Assert.True(direct.Solution.States.SequenceEqual(backsolve.Solution.States));
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public void SameTimesForEveryLaneGiveTheSharedOverloadsBits(string system)
    {
        int lanes = LaneCount(system);
        double[] y0 = States(lanes);
        double[] saveAt = [0.0, 0.5, 1.25, 2.0];
        var perLane = new List<double[]>();
        for (int lane = 0; lane < lanes; lane++)
        {
            perLane.Add(saveAt);
        }

        var times = LaneSaveTimes<double>.FromLanes(0.0, perLane);
        // dL/dy in each layout: save-major for the shared overload, lane-major for the per-lane one.
        double[] shared = RaggedTimes.Weights(saveAt.Length * lanes * 2);
        var ragged = new double[shared.Length];
        for (int j = 0; j < saveAt.Length; j++)
        {
            for (int lane = 0; lane < lanes; lane++)
            {
                shared.AsSpan(((j * lanes) + lane) * 2, 2).CopyTo(ragged.AsSpan(((lane * saveAt.Length) + j) * 2, 2));
            }
        }

        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        foreach (AdjointMethod method in new[] { AdjointMethod.Direct, AdjointMethod.Checkpointed, AdjointMethod.Backsolve })
        {
            Gradient<double> expected = system == "batched"
                ? Ode.Gradient(new BatchedLotkaVolterra(), new Tsit5(), y0, saveAt, shared, options, method)
                : Ode.Gradient(new PredatorPrey(), new Tsit5(), y0, saveAt, shared, options, method);
            LaneGradient<double> actual = Gradient(system, y0, times, ragged, options, method);
            Assert.Equal(expected.Parameters, actual.Parameters);
            Assert.Equal(expected.InitialState, actual.InitialState);
            Assert.Equal(expected.BackwardStats, actual.BackwardStats);
        }
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public void ALossFunctionGetsTheRaggedSolutionAndGivesTheSameGradient(string system)
    {
        int lanes = LaneCount(system);
        double[] y0 = States(lanes);
        LaneSaveTimes<double> times = Times(lanes);
        var options = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };
        foreach (AdjointMethod method in new[] { AdjointMethod.Direct, AdjointMethod.Checkpointed, AdjointMethod.Backsolve })
        {
            // L = ½ Σ y², so dL/dy = y: the cotangent depends on the forward solution the function is handed.
            double Loss(LaneSolution<double> solution, Span<double> dLdY)
            {
                Assert.Same(times, solution.SaveTimes);
                double loss = 0;
                for (int i = 0; i < dLdY.Length; i++)
                {
                    dLdY[i] = solution.States[i];
                    loss += 0.5 * solution.States[i] * solution.States[i];
                }

                return loss;
            }

            LaneGradient<double> fromLoss = system == "batched"
                ? Ode.Gradient(new BatchedLotkaVolterra(), new Tsit5(), y0, times, Loss, options, method)
                : Ode.Gradient(new PredatorPrey(), new Tsit5(), y0, times, Loss, options, method);
            double[] dLdY = fromLoss.Solution.States.ToArray();
            LaneGradient<double> given = Gradient(system, y0, times, dLdY, options, method);
            Assert.Equal(given.Parameters, fromLoss.Parameters);
            Assert.Equal(given.InitialState, fromLoss.InitialState);
            double expected = 0;
            foreach (double v in dLdY)
            {
                expected += 0.5 * v * v;
            }

            Assert.Equal(expected, fromLoss.Loss);
            Assert.True(double.IsNaN(given.Loss));
        }
    }

    [Fact]
    public void ALaneWithoutTimesHasNoGradientAndOneSavedAtTheStartPassesItsCotangentThrough()
    {
        var times = LaneSaveTimes<double>.FromLanes(0.5, [[], [0.5], [0.5, 1.5]]);
        double[] y0 = States(3);
        double[] dLdY = [0.3, -0.7, 1.1, 0.2, -0.4, 0.9];
        foreach (AdjointMethod method in new[] { AdjointMethod.Direct, AdjointMethod.Checkpointed, AdjointMethod.Backsolve })
        {
            LaneGradient<double> g = Ode.Gradient(new PredatorPrey(), new Tsit5(), y0, times, dLdY, new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 }, method);
            Assert.Equal([0.0, 0.0], g.InitialState.AsSpan(0, 2).ToArray());
            Assert.Equal([0.3, -0.7], g.InitialState.AsSpan(2, 2).ToArray());
            // Lane 2: its start cotangent plus what flows back from t = 1.5.
            Assert.NotEqual(1.1, g.InitialState[4]);
            double[] later = [0, 0, 0, 0, -0.4, 0.9];
            LaneGradient<double> without = Ode.Gradient(new PredatorPrey(), new Tsit5(), y0, times, later, new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 }, method);
            Assert.Equal(without.InitialState[4] + 1.1, g.InitialState[4]);
            Assert.Equal(without.InitialState[5] + 0.2, g.InitialState[5]);
        }
    }
}
