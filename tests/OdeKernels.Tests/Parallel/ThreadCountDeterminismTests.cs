using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Examples.Datasets;
using OdeKernels.Solving;

namespace OdeKernels.Tests.Parallel;

/// <summary>
/// Solves and gradients give the same bits for every <see cref="SolverOptions.MaxDegreeOfParallelism"/>: the lanes
/// are split into blocks that do not depend on the thread count, and parameter gradients are added block by block in
/// block order. Lane counts below, at and across block boundaries (1, 255, 1000, 4097 with blocks of 256).
/// </summary>
public sealed class ThreadCountDeterminismTests
{
    private static readonly int[] Threads = [2, 3, 8];
    private static readonly SolverOptions Adaptive = new() { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 };

    public static IEnumerable<object[]> Cases()
    {
        foreach (int lanes in new[] { 1, 255, 1000, 4097 })
        {
            foreach (string method in new[] { "Solve", nameof(AdjointMethod.Backsolve), nameof(AdjointMethod.Direct), nameof(AdjointMethod.Checkpointed) })
            {
                yield return [method, lanes];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AGeneratedFloatNetworkGivesTheSameBitsOnEveryThreadCount(string method, int lanes) =>
        AssertSameOnEveryThreadCount(new SpiralNet(seed: 3), method, lanes);

    [Theory]
    [MemberData(nameof(Cases))]
    public void AGeneratedDoubleNetworkGivesTheSameBitsOnEveryThreadCount(string method, int lanes) =>
        AssertSameOnEveryThreadCount(new SpiralNet64(seed: 3), method, lanes);

    /// <summary>The opt-in fused multiply-adds relax CPU–CUDA bit equality with the default, not this.</summary>
    [Theory]
    [InlineData("Solve")]
    [InlineData(nameof(AdjointMethod.Backsolve))]
    [InlineData(nameof(AdjointMethod.Direct))]
    [InlineData(nameof(AdjointMethod.Checkpointed))]
    public void AFusedMultiplyAddNetworkGivesTheSameBitsOnEveryThreadCount(string method) =>
        AssertSameOnEveryThreadCount(new SpiralNetFma(seed: 3), method, 1000);

    [Theory]
    [InlineData("Solve", 1000)]
    [InlineData(nameof(AdjointMethod.Backsolve), 1000)]
    [InlineData(nameof(AdjointMethod.Direct), 1000)]
    [InlineData(nameof(AdjointMethod.Checkpointed), 1000)]
    [InlineData(nameof(AdjointMethod.Direct), 257)]
    public void AHandWrittenSystemGivesTheSameBitsOnEveryThreadCount(string method, int lanes) =>
        AssertSameOnEveryThreadCount(new PredatorPrey(), method, lanes);

    [Fact]
    public void ABatchedHandWrittenSystemGivesTheSameBitsOnEveryThreadCount()
    {
        foreach (string method in new[] { "Solve", nameof(AdjointMethod.Backsolve), nameof(AdjointMethod.Direct), nameof(AdjointMethod.Checkpointed) })
        {
            AssertSameOnEveryThreadCount(new Adjoints.BatchedLotkaVolterra(), method, 600);
        }
    }

    /// <summary>Dense output (save times inside the steps, interpolated and differentiated through the interpolant) across blocks.</summary>
    [Theory]
    [InlineData("Solve")]
    [InlineData(nameof(AdjointMethod.Backsolve))]
    [InlineData(nameof(AdjointMethod.Direct))]
    [InlineData(nameof(AdjointMethod.Checkpointed))]
    public void InterpolatedSavesGiveTheSameBitsOnEveryThreadCount(string method)
    {
        T0[] Solve<T0>(IDifferentiableSystem<T0> system, int threads)
            where T0 : unmanaged, IFloatingPointIeee754<T0> =>
            Run(system, method, 600, threads, SaveMode.Interpolate);
        foreach (int threads in Threads)
        {
            Assert.Equal(Bits(Solve(new SpiralNet64(seed: 3), 1)), Bits(Solve(new SpiralNet64(seed: 3), threads)));
            Assert.Equal(Bits(Solve(new PredatorPrey(), 1)), Bits(Solve(new PredatorPrey(), threads)));
        }
    }

    [Fact]
    public void TheParameterGradientIsTheSumOfTheBlocksGradientsInBlockOrder()
    {
        // Each block differentiated on its own (its lanes, its rows of dL/dy), then added 0 + g₀ + g₁ + …: what the
        // runtime must compute for any thread count. A sum in another order (per thread, or lane by lane over the
        // whole batch) differs in the last bits.
        var system = new SpiralNet64(seed: 3);
        const int lanes = 3 * LaneBlocks.Lanes;
        double[] y0 = Starts<double>(lanes), saveAt = [0.0, 0.3, 0.6];
        double[] dLdY = Cotangents<double>(saveAt.Length, lanes * 2);
        foreach (AdjointMethod method in Enum.GetValues<AdjointMethod>())
        {
            double[] expected = new double[system.ParameterCount];
            for (int b = 0; b < 3; b++)
            {
                double[] blockY0 = y0.AsSpan(b * LaneBlocks.Lanes * 2, LaneBlocks.Lanes * 2).ToArray();
                var blockDLdY = new double[saveAt.Length * blockY0.Length];
                for (int j = 0; j < saveAt.Length; j++)
                {
                    dLdY.AsSpan(((j * lanes) + (b * LaneBlocks.Lanes)) * 2, blockY0.Length).CopyTo(blockDLdY.AsSpan(j * blockY0.Length));
                }

                double[] g = Ode.Gradient(system, new Tsit5(), blockY0, saveAt, blockDLdY, Adaptive, method).Parameters;
                for (int k = 0; k < g.Length; k++)
                {
                    expected[k] += g[k];
                }
            }

            double[] actual = Ode.Gradient(system, new Tsit5(), y0, saveAt, dLdY, Adaptive with { MaxDegreeOfParallelism = 2 }, method).Parameters;
            Assert.Equal(Bits(expected), Bits(actual));
        }
    }

    private static void AssertSameOnEveryThreadCount<T>(IDifferentiableSystem<T> system, string method, int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] reference = Run(system, method, lanes, 1);
        foreach (int threads in Threads)
        {
            T[] actual = Run(system, method, lanes, threads);
            Assert.True(Bits(reference).AsSpan().SequenceEqual(Bits(actual)), $"{method} of {lanes} lanes on {threads} threads differs from 1 thread");
        }
    }

    /// <summary>Everything the call returns, concatenated: states, per-lane work, and for a gradient dL/dθ, dL/dy₀ and the backward work.</summary>
    private static T[] Run<T>(IDifferentiableSystem<T> system, string method, int lanes, int threads, SaveMode mode = SaveMode.Step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = system.StateSize;
        T[] y0 = Starts<T>(lanes);
        T[] saveAt = mode == SaveMode.Step
            ? [T.Zero, T.CreateTruncating(0.3), T.CreateTruncating(0.6)]
            : [T.Zero, T.CreateTruncating(0.01), T.CreateTruncating(0.02), T.CreateTruncating(0.3), T.CreateTruncating(0.45), T.CreateTruncating(0.6)];
        SolverOptions options = Adaptive with { MaxDegreeOfParallelism = threads, SaveMode = mode };
        var result = new List<T>();
        Solution<T> solution;
        if (method == "Solve")
        {
            solution = Ode.Solve(system, new Tsit5(), y0, saveAt, options);
        }
        else
        {
            T[] dLdY = Cotangents<T>(saveAt.Length, lanes * n);
            Gradient<T> g = Ode.Gradient(system, new Tsit5(), y0, saveAt, dLdY, options, Enum.Parse<AdjointMethod>(method), checkpoints: 3);
            result.AddRange(g.Parameters);
            result.AddRange(g.InitialState);
            result.Add(T.CreateTruncating(g.BackwardStats.Evaluations));
            result.Add(T.CreateTruncating(g.BackwardStats.AcceptedSteps));
            solution = g.Solution;
        }

        result.AddRange(solution.States.ToArray());
        for (int lane = 0; lane < lanes; lane++)
        {
            SolverStats s = solution.LaneStats(lane);
            result.Add(T.CreateTruncating(s.Evaluations));
            result.Add(T.CreateTruncating(s.AcceptedSteps));
            result.Add(T.CreateTruncating(s.RejectedSteps));
        }

        return [.. result];
    }

    /// <summary>Starts on rings of different radii, so lanes take different numbers of adaptive steps.</summary>
    internal static T[] Starts<T>(int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y0 = new T[2 * lanes];
        for (int i = 0; i < lanes; i++)
        {
            double r = 0.5 + (1.5 * ((i * 0.618034) % 1.0));
            y0[2 * i] = T.CreateTruncating(r * Math.Cos(0.37 * i));
            y0[(2 * i) + 1] = T.CreateTruncating(r * Math.Sin(0.37 * i));
        }

        return y0;
    }

    internal static T[] Cotangents<T>(int saves, int perSave)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dLdY = new T[saves * perSave];
        for (int i = 0; i < dLdY.Length; i++)
        {
            dLdY[i] = T.CreateTruncating(Math.Sin(0.7 * i) / perSave);
        }

        return dLdY;
    }

    internal static long[] Bits<T>(T[] values)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Array.ConvertAll(values, v => BitConverter.DoubleToInt64Bits(double.CreateTruncating(v)));
}
