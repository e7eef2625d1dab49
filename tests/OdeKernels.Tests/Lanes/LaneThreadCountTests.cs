using System;
using System.Collections.Generic;
using OdeKernels.Tests.Adjoints;
using OdeKernels.Tests.Solving;

namespace OdeKernels.Tests.Lanes;

/// <summary>
/// Per-lane save times give the same bits on every thread count: 600 lanes (three blocks) of ragged times, solved in
/// both save modes and differentiated with every adjoint, on 1 and on 3 threads.
/// </summary>
public sealed class LaneThreadCountTests
{
    private const int Lanes = 600;

    [Theory]
    [InlineData(SaveMode.Step)]
    [InlineData(SaveMode.Interpolate)]
    public void SolvesGiveTheSameBitsOnEveryThreadCount(SaveMode mode)
    {
        LaneSaveTimes<double> times = RaggedTimes.Random(Lanes, seed: 17);
        double[] y0 = RaggedTimes.RotationStates(Lanes);
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, SaveMode = mode };
        LaneSolution<double> one = Ode.Solve(new BatchedRotation(), new Tsit5(), y0, times, options with { MaxDegreeOfParallelism = 1 });
        LaneSolution<double> three = Ode.Solve(new BatchedRotation(), new Tsit5(), y0, times, options with { MaxDegreeOfParallelism = 3 });
        Assert.True(one.States.SequenceEqual(three.States));
        Assert.Equal(one.Stats, three.Stats);
    }

    [Theory]
    [InlineData(AdjointMethod.Direct, false)]
    [InlineData(AdjointMethod.Checkpointed, false)]
    [InlineData(AdjointMethod.Backsolve, false)]
    [InlineData(AdjointMethod.Direct, true)]
    [InlineData(AdjointMethod.Checkpointed, true)]
    [InlineData(AdjointMethod.Backsolve, true)]
    public void GradientsGiveTheSameBitsOnEveryThreadCount(AdjointMethod method, bool batched)
    {
        LaneSaveTimes<double> times = RaggedTimes.Random(Lanes, seed: 19, span: 1.5);
        var y0 = new double[2 * Lanes];
        for (int i = 0; i < y0.Length; i++)
        {
            y0[i] = 0.8 + (0.001 * i);
        }

        double[] dLdY = RaggedTimes.Weights(times.Count * 2);
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, SaveMode = SaveMode.Interpolate };
        LaneGradient<double> Run(int threads) => batched
            ? Ode.Gradient(new BatchedLotkaVolterra(), new Tsit5(), y0, times, dLdY, options with { MaxDegreeOfParallelism = threads }, method)
            : Ode.Gradient(new PredatorPrey(), new Tsit5(), y0, times, dLdY, options with { MaxDegreeOfParallelism = threads }, method);
        LaneGradient<double> one = Run(1), three = Run(3);
        Assert.Equal(one.Parameters, three.Parameters);
        Assert.Equal(one.InitialState, three.InitialState);
        Assert.Equal(one.BackwardStats, three.BackwardStats);
    }

    /// <summary>A generated float network (per-thread scratch, generated batched step and VJP) on ragged float times.</summary>
    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Checkpointed)]
    [InlineData(AdjointMethod.Backsolve)]
    public void AGeneratedFloatNetworkGivesTheSameBitsOnEveryThreadCount(AdjointMethod method)
    {
        LaneSaveTimes<double> wide = RaggedTimes.Random(Lanes, seed: 23, start: 0.0, span: 0.6);
        var perLane = new List<float[]>();
        for (int lane = 0; lane < Lanes; lane++)
        {
            float[] own = new float[wide.SaveCount(lane)];
            for (int r = 0; r < own.Length; r++)
            {
                own[r] = (float)wide.Lane(lane)[r];
            }

            perLane.Add(own);
        }

        var times = LaneSaveTimes<float>.FromLanes(0f, perLane);
        var y0 = new float[2 * Lanes];
        for (int i = 0; i < Lanes; i++)
        {
            y0[2 * i] = (float)Math.Cos(0.37 * i);
            y0[(2 * i) + 1] = (float)Math.Sin(0.37 * i);
        }

        var dLdY = new float[times.Count * 2];
        for (int i = 0; i < dLdY.Length; i++)
        {
            dLdY[i] = (float)Math.Sin(1.0 + (0.7 * i));
        }

        var options = new SolverOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6, SaveMode = SaveMode.Interpolate };
        LaneGradient<float> Run(int threads) => Ode.Gradient(new SpiralNet(seed: 3), new Tsit5(), y0, times, dLdY, options with { MaxDegreeOfParallelism = threads }, method, checkpoints: 3);
        LaneGradient<float> one = Run(1), three = Run(3);
        Assert.Equal(one.Parameters, three.Parameters);
        Assert.Equal(one.InitialState, three.InitialState);
        Assert.True(one.Solution.States.SequenceEqual(three.Solution.States));
        Assert.Contains(one.Parameters, p => p != 0);
    }
}
