using System;
using System.Collections.Generic;
using OdeKernels.Adjoints;
using OdeKernels.Solving;
using OdeKernels.Tests.Adjoints;

namespace OdeKernels.Tests.SingleLane;

/// <summary>
/// Gradients of one small trajectory (Lotka–Volterra with its four parameters, hand-written VJP) on the single-lane
/// path equal, bit for bit, the gradient of the same lane inside a batch wide enough for the batched path (the
/// other lanes' cotangents zero, so they add exact zeros to dL/dθ).
/// </summary>
public sealed class SingleLaneGradientTests
{
    private static readonly double[] SaveAt = [0.0, 0.6, 1.5, 2.0];

    public static IEnumerable<object[]> Cases()
    {
        foreach (string tableau in new[] { nameof(Tsit5), nameof(Dopri5), nameof(Rk4) })
        {
            foreach (SaveMode mode in new[] { SaveMode.Step, SaveMode.Interpolate })
            {
                // Boost.Odeint's controller for the adaptive methods too: the forward replays take its steps.
                foreach (StepSizeControl control in tableau == nameof(Rk4) ? [StepSizeControl.ProportionalIntegral] : new[] { StepSizeControl.ProportionalIntegral, StepSizeControl.Odeint })
                {
                    yield return [AdjointMethod.Direct, tableau, 0, mode, control];
                    yield return [AdjointMethod.Checkpointed, tableau, 0, mode, control];
                    yield return [AdjointMethod.Checkpointed, tableau, 3, mode, control];
                    yield return [AdjointMethod.Backsolve, tableau, 0, mode, control];
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneLaneGradientEqualsItsLaneInABatchBitwise(AdjointMethod method, string tableau, int checkpoints, SaveMode mode, StepSizeControl control)
    {
        int lanes = (2 * FewLanes.VectorWidth<double>()) + 1, lane = 3 % lanes, n = 2;
        Assert.False(FewLanes.Applies<Tsit5, double>(lanes));
        var y0 = new double[lanes * n];
        for (int i = 0; i < lanes; i++)
        {
            y0[i * n] = 1.0 + (0.1 * i);
            y0[(i * n) + 1] = 1.0 - (0.05 * i);
        }

        var dLdY = new double[SaveAt.Length * lanes * n];
        var laneCotangent = new double[SaveAt.Length * n];
        for (int s = 0; s < SaveAt.Length; s++)
        {
            for (int c = 0; c < n; c++)
            {
                double w = Math.Sin(1.0 + s + (0.7 * c));
                dLdY[(((s * lanes) + lane) * n) + c] = w;
                laneCotangent[(s * n) + c] = w;
            }
        }

        var options = tableau == nameof(Rk4) ? new SolverOptions { FixedStep = 0.05, SaveMode = mode } : new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9, SaveMode = mode, StepSizeControl = control };
        Gradient<double> batch = Gradient(tableau, y0, dLdY, options, method, checkpoints);
        Gradient<double> alone = Gradient(tableau, y0.AsSpan(lane * n, n).ToArray(), laneCotangent, options, method, checkpoints);

        Assert.Equal(batch.Solution.LaneStats(lane), alone.Solution.LaneStats(0));
        for (int s = 0; s < SaveAt.Length; s++)
        {
            Assert.True(batch.Solution.State(s, lane).SequenceEqual(alone.Solution.State(s, 0)), $"forward state {s} differs");
        }

        Assert.True(batch.Parameters.AsSpan().SequenceEqual(alone.Parameters), $"dL/dθ: single lane [{string.Join(", ", alone.Parameters)}], in the batch [{string.Join(", ", batch.Parameters)}]");
        Assert.True(batch.InitialState.AsSpan(lane * n, n).SequenceEqual(alone.InitialState), "dL/dy0 differs");
        Assert.True(alone.Parameters[0] != 0 && alone.InitialState[0] != 0, "the gradient should not vanish");
    }

    [Theory]
    [InlineData(AdjointMethod.Direct, 0, SaveMode.Step)]
    [InlineData(AdjointMethod.Checkpointed, 0, SaveMode.Step)]
    [InlineData(AdjointMethod.Checkpointed, 2, SaveMode.Step)]
    [InlineData(AdjointMethod.Direct, 0, SaveMode.Interpolate)]
    [InlineData(AdjointMethod.Checkpointed, 0, SaveMode.Interpolate)]
    [InlineData(AdjointMethod.Checkpointed, 2, SaveMode.Interpolate)]
    public void OneLaneDiscreteAdjointEqualsTheBatchedIntegratorsBitwise(AdjointMethod method, int checkpoints, SaveMode mode)
    {
        double[] y0 = [1.2, 0.8];
        var dLdY = new double[SaveAt.Length * 2];
        for (int i = 0; i < dLdY.Length; i++)
        {
            dLdY[i] = Math.Cos(0.3 * i);
        }

        var options = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10, SaveMode = mode };
        int limit = method == AdjointMethod.Direct ? int.MaxValue : checkpoints;
        var given = Cotangents<double>.Given(dLdY);
        Gradient<double> batched = DiscreteAdjoint.Batched<PredatorPrey, Tsit5, double>(new PredatorPrey(), y0, SaveAt, ref given, options, limit);
        Gradient<double> lane = Ode.Gradient(new PredatorPrey(), new Tsit5(), y0, SaveAt, dLdY, options, method, checkpoints);
        Assert.Equal(batched.Solution.Stats, lane.Solution.Stats);
        Assert.Equal(batched.BackwardStats, lane.BackwardStats);
        Assert.True(batched.Solution.States.SequenceEqual(lane.Solution.States));
        Assert.Equal(batched.Parameters, lane.Parameters);
        Assert.Equal(batched.InitialState, lane.InitialState);
    }

    private static Gradient<double> Gradient(string tableau, double[] y0, double[] dLdY, SolverOptions options, AdjointMethod method, int checkpoints) => tableau switch
    {
        nameof(Tsit5) => Ode.Gradient(new PredatorPrey(), new Tsit5(), y0, SaveAt, dLdY, options, method, checkpoints),
        nameof(Dopri5) => Ode.Gradient(new PredatorPrey(), new Dopri5(), y0, SaveAt, dLdY, options, method, checkpoints),
        _ => Ode.Gradient(new PredatorPrey(), new Rk4(), y0, SaveAt, dLdY, options, method, checkpoints),
    };
}
