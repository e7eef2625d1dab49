using System;
using OdeKernels.Flows;
using OdeKernels.Solving;
using OdeKernels.Tests.Parallel;

namespace OdeKernels.Tests.Flows;

/// <summary>
/// A flow's augmented system (and the kinetic regulariser's) is cut into the lane blocks its dynamics state
/// (<see cref="ILaneBlockSize"/>), 256 when they state none: its training gradient then runs on several threads with
/// the same bits on every thread count, and is the blocks' gradients added in block order.
/// </summary>
public sealed class FlowBlockTests
{
    private static readonly SolverOptions Adaptive = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-6 };

    [Fact]
    public void WrappersStateTheirDynamicsBlockSize()
    {
        Assert.Equal(5, new AugmentedSystem<BlockFlowNet, double>(new BlockFlowNet(seed: 1)).LanesPerBlock);
        Assert.Equal(5, new KineticSystem<BlockFlowNet, double>(new BlockFlowNet(seed: 1)).LanesPerBlock);
        Assert.Equal(5, LaneBlocks.Size(new AugmentedSystem<BlockFlowNet, double>(new BlockFlowNet(seed: 1), AugmentedTerms.ExactFlow with { KineticEnergy = true })));
        Assert.Equal(LaneBlocks.Lanes, new AugmentedSystem<TanhDivergenceNet, double>(new TanhDivergenceNet(2, 4, seed: 1)).LanesPerBlock);
        Assert.Equal(LaneBlocks.Lanes, new KineticSystem<TanhDivergenceNet, double>(new TanhDivergenceNet(2, 4, seed: 1)).LanesPerBlock);
    }

    [Theory]
    [InlineData(AdjointMethod.Backsolve)]
    [InlineData(AdjointMethod.Direct)]
    public void AFlowsGradientIsTheSameOnEveryThreadCountAndSumsItsDynamicsBlocks(AdjointMethod method)
    {
        var flow = new AugmentedSystem<BlockFlowNet, double>(new BlockFlowNet(seed: 2));
        int n = flow.StateSize, size = flow.LanesPerBlock;
        const int blocks = 4;
        int lanes = (blocks * size) - 2; // the last block short
        double[] y0 = SmallBlockDeterminismTests.States<double>(lanes, n), saveAt = [0.0, 0.5];
        double[] dLdY = ThreadCountDeterminismTests.Cotangents<double>(saveAt.Length, lanes * n);
        double[] one = Ode.Gradient(flow, new Dopri5(), y0, saveAt, dLdY, Adaptive with { MaxDegreeOfParallelism = 1 }, method).Parameters;
        foreach (int threads in new[] { 2, 3 })
        {
            double[] many = Ode.Gradient(flow, new Dopri5(), y0, saveAt, dLdY, Adaptive with { MaxDegreeOfParallelism = threads }, method).Parameters;
            Assert.Equal(ThreadCountDeterminismTests.Bits(one), ThreadCountDeterminismTests.Bits(many));
        }

        var expected = new double[flow.ParameterCount];
        for (int first = 0; first < lanes; first += size)
        {
            int count = Math.Min(size, lanes - first);
            double[] blockY0 = y0.AsSpan(first * n, count * n).ToArray();
            var blockDLdY = new double[saveAt.Length * count * n];
            for (int j = 0; j < saveAt.Length; j++)
            {
                dLdY.AsSpan(((j * lanes) + first) * n, count * n).CopyTo(blockDLdY.AsSpan(j * count * n));
            }

            double[] g = Ode.Gradient(flow, new Dopri5(), blockY0, saveAt, blockDLdY, Adaptive, method).Parameters;
            for (int k = 0; k < g.Length; k++)
            {
                expected[k] += g[k];
            }
        }

        Assert.Equal(ThreadCountDeterminismTests.Bits(expected), ThreadCountDeterminismTests.Bits(one));
    }
}

/// <summary>A small generated flow field that states blocks of 5 lanes, for <see cref="FlowBlockTests"/>.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true, Divergence = true)]
[Dense(8, Activation.Tanh)]
[Dense(2)]
public partial class BlockFlowNet : ILaneBlockSize
{
    /// <inheritdoc/>
    public int LanesPerBlock => 5;
}
