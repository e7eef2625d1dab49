using System;
using System.Numerics;
using OdeKernels.Models;
using OdeKernels.Solving;
using OdeKernels.Training;

namespace OdeKernels.Tests.Parallel;

/// <summary>
/// Systems and networks that state their lanes per block (<see cref="ILaneBlockSize"/>): a batch of a few dozen
/// feature maps is split into many small blocks, and solves, every adjoint and a network's training gradient still
/// give the same bits for 1, 2, 3 and 8 threads, in float and double; the parameter gradient is the blocks' gradients
/// added in block order (so the stated size, not the default 256, is what the runtime cut by).
/// </summary>
public sealed class SmallBlockDeterminismTests
{
    private static readonly int[] Threads = [2, 3, 8];
    private static readonly SolverOptions Adaptive = new() { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 };

    [Theory]
    [InlineData("Solve", 1)]
    [InlineData("Solve", 3)]
    [InlineData("Solve", 26)]
    [InlineData(nameof(AdjointMethod.Backsolve), 26)]
    [InlineData(nameof(AdjointMethod.Direct), 26)]
    [InlineData(nameof(AdjointMethod.Checkpointed), 26)]
    [InlineData(nameof(AdjointMethod.Backsolve), 4)]
    public void ASmallBlockDoubleFieldGivesTheSameBitsOnEveryThreadCount(string method, int lanes) =>
        AssertSameOnEveryThreadCount(new SmallBlockField64(seed: 2), method, lanes);

    [Theory]
    [InlineData("Solve", 26)]
    [InlineData(nameof(AdjointMethod.Backsolve), 26)]
    [InlineData(nameof(AdjointMethod.Direct), 26)]
    [InlineData(nameof(AdjointMethod.Checkpointed), 26)]
    public void ASmallBlockFloatFieldGivesTheSameBitsOnEveryThreadCount(string method, int lanes) =>
        AssertSameOnEveryThreadCount(new SmallBlockField32(seed: 2), method, lanes);

    [Theory]
    [InlineData(AdjointMethod.Backsolve)]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Checkpointed)]
    public void TheParameterGradientIsTheSumOfTheStatedBlocksInBlockOrder(AdjointMethod method)
    {
        var field = new SmallBlockField64(seed: 2);
        int n = field.StateSize, size = field.LanesPerBlock;
        const int blocks = 4;
        int lanes = blocks * size;
        double[] y0 = States<double>(lanes, n), saveAt = [0.0, 0.5];
        double[] dLdY = ThreadCountDeterminismTests.Cotangents<double>(saveAt.Length, lanes * n);
        var expected = new double[field.ParameterCount];
        for (int b = 0; b < blocks; b++)
        {
            double[] blockY0 = y0.AsSpan(b * size * n, size * n).ToArray();
            var blockDLdY = new double[saveAt.Length * blockY0.Length];
            for (int j = 0; j < saveAt.Length; j++)
            {
                dLdY.AsSpan(((j * lanes) + (b * size)) * n, blockY0.Length).CopyTo(blockDLdY.AsSpan(j * blockY0.Length));
            }

            double[] g = Ode.Gradient(field, new Dopri5(), blockY0, saveAt, blockDLdY, Adaptive, method, checkpoints: 3).Parameters;
            for (int k = 0; k < g.Length; k++)
            {
                expected[k] += g[k];
            }
        }

        double[] actual = Ode.Gradient(field, new Dopri5(), y0, saveAt, dLdY, Adaptive with { MaxDegreeOfParallelism = 2 }, method, checkpoints: 3).Parameters;
        Assert.Equal(ThreadCountDeterminismTests.Bits(expected), ThreadCountDeterminismTests.Bits(actual));
    }

    [Fact]
    public void ADoubleNetworksTrainingGradientIsTheSameOnEveryThreadCountAndItsVjpSumsItsBlocks()
    {
        const int count = 23; // blocks of 5: 5 + 5 + 5 + 5 + 3
        double[] reference = TrainingGradient(new SmallBlockNet64(seed: 3), count, threads: 1);
        foreach (int threads in Threads)
        {
            Assert.Equal(ThreadCountDeterminismTests.Bits(reference), ThreadCountDeterminismTests.Bits(TrainingGradient(new SmallBlockNet64(seed: 3), count, threads)));
        }

        // The same gradient as each block's VJP on its own, added in block order.
        var net = new SmallBlockNet64(seed: 3);
        double[] x = States<double>(count, net.Inputs);
        var y = new double[count * net.Outputs];
        net.Forward(x, y, count);
        double[] dy = LossCotangents(y, count, net.Outputs);
        var expected = new double[net.ParameterCount];
        for (int first = 0; first < count; first += net.LanesPerBlock)
        {
            int c = Math.Min(net.LanesPerBlock, count - first);
            var g = new double[net.ParameterCount];
            net.Vjp(x.AsSpan(first * net.Inputs, c * net.Inputs), dy.AsSpan(first * net.Outputs, c * net.Outputs), default, g, c);
            for (int k = 0; k < g.Length; k++)
            {
                expected[k] += g[k];
            }
        }

        var actual = new double[net.ParameterCount];
        global::OdeKernels.Networks.NetworkBlocks.Vjp<SmallBlockNet64, double>(net, x, dy, default, actual, count, degree: 2);
        Assert.Equal(ThreadCountDeterminismTests.Bits(expected), ThreadCountDeterminismTests.Bits(actual));
    }

    [Fact]
    public void AFloatNetworksTrainingGradientIsTheSameOnEveryThreadCount()
    {
        float[] reference = TrainingGradient(new SmallBlockNet32(seed: 3), 23, threads: 1);
        foreach (int threads in Threads)
        {
            Assert.Equal(ThreadCountDeterminismTests.Bits(reference), ThreadCountDeterminismTests.Bits(TrainingGradient(new SmallBlockNet32(seed: 3), 23, threads)));
        }
    }

    [Fact]
    public void AFloatNetworksForwardOverBlocksIsItsForwardOverTheWholeBatch()
    {
        // Samples are independent, so the blocked forward pass equals the one-call forward pass bit for bit.
        var net = new SmallBlockNet32(seed: 4);
        const int count = 17;
        float[] x = States<float>(count, net.Inputs);
        var whole = new float[count * net.Outputs];
        var blocked = new float[count * net.Outputs];
        net.Forward(x, whole, count);
        global::OdeKernels.Networks.NetworkBlocks.Forward<SmallBlockNet32, float>(net, x, blocked, count, degree: 3);
        Assert.Equal(ThreadCountDeterminismTests.Bits(whole), ThreadCountDeterminismTests.Bits(blocked));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(ILaneBlockSize.MaxLanesPerBlock + 1)]
    public void AStatedSizeOutOfRangeIsAnErrorNamingTheValue(int size)
    {
        var e = Assert.Throws<ArgumentException>(() => LaneBlocks.Size(new Stated(size)));
        Assert.Contains($"LanesPerBlock must be in [1, {ILaneBlockSize.MaxLanesPerBlock}], but it is {size}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASystemThatStatesNoSizeKeepsTheDefaultBlock() =>
        Assert.Equal(LaneBlocks.Lanes, LaneBlocks.Size(new SpiralNet(seed: 1)));

    private static T[] TrainingGradient<T>(INetwork<T> network, int count, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = States<T>(count, network.Inputs);
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = s % network.Outputs;
        }

        var fit = new SampleFit<T>(network, x, count, new CrossEntropySampleLoss<T>(labels, network.Outputs), batchSize: count) { MaxDegreeOfParallelism = threads };
        var gradient = new T[network.ParameterCount];
        _ = fit.Gradient(0, new TrainingRandom(9), gradient);
        return gradient;
    }

    private static double[] LossCotangents(double[] y, int count, int classes)
    {
        // The same cross-entropy cotangent SampleFit takes, from the loss itself.
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = s % classes;
        }

        var dy = new double[y.Length];
        var order = new int[count];
        for (int s = 0; s < count; s++)
        {
            order[s] = s;
        }

        _ = new CrossEntropySampleLoss<double>(labels, classes).Evaluate(y, order, dy);
        return dy;
    }

    private static void AssertSameOnEveryThreadCount<T>(IDifferentiableSystem<T> system, string method, int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] reference = Run(system, method, lanes, 1);
        foreach (int threads in Threads)
        {
            T[] actual = Run(system, method, lanes, threads);
            Assert.True(ThreadCountDeterminismTests.Bits(reference).AsSpan().SequenceEqual(ThreadCountDeterminismTests.Bits(actual)), $"{method} of {lanes} lanes on {threads} threads differs from 1 thread");
        }
    }

    private static T[] Run<T>(IDifferentiableSystem<T> system, string method, int lanes, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = system.StateSize;
        T[] y0 = States<T>(lanes, n);
        T[] saveAt = [T.Zero, T.CreateTruncating(0.25), T.CreateTruncating(0.5)];
        SolverOptions options = Adaptive with { MaxDegreeOfParallelism = threads };
        if (method == "Solve")
        {
            Solution<T> s = Ode.Solve(system, new Dopri5(), y0, saveAt, options);
            return [.. s.States.ToArray(), T.CreateTruncating(s.Stats.Evaluations)];
        }

        T[] dLdY = ThreadCountDeterminismTests.Cotangents<T>(saveAt.Length, lanes * n);
        Gradient<T> g = Ode.Gradient(system, new Dopri5(), y0, saveAt, dLdY, options, Enum.Parse<AdjointMethod>(method), checkpoints: 3);
        return [.. g.Parameters, .. g.InitialState, .. g.Solution.States.ToArray(), T.CreateTruncating(g.BackwardStats.Evaluations)];
    }

    /// <summary>Varied states (lanes differ, so their adaptive steps do too).</summary>
    /// <summary>Initial states of <paramref name="lanes"/> lanes of <paramref name="n"/> components, each lane different.</summary>
    internal static T[] States<T>(int lanes, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = new T[lanes * n];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = T.CreateTruncating(Math.Sin((0.37 * i) + (0.11 * (i / n))) * (0.5 + ((i / n) % 4 * 0.3)));
        }

        return y;
    }

    private sealed class Stated(int size) : ILaneBlockSize
    {
        public int LanesPerBlock => size;
    }
}
