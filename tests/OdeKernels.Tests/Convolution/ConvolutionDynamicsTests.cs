using System;
using System.Linq;
using OdeKernels;
using OdeKernels.Checkpoints;
using OdeKernels.Tests.Networks;

// The ImageOdeNet example's declaration at Chen et al.'s width (64×7×7 state, GroupNorm(32) = min(32, 64) groups,
// ReLU, ConcatConv2d 3×3), compiled into this project from the example's file: the tests check what the example trains.
using ChenOdeFunc = OdeKernels.Examples.ImageOdeNet.ConvField64;
using ImageOdeNet = OdeKernels.Examples.ImageOdeNet;

namespace OdeKernels.Tests.Convolution;

/// <summary>
/// Convolutional <c>[Dynamics]</c> right-hand sides (a feature-map state, t as the first input channel of each
/// convolution): f against the float64 reference at per-lane times, the VJP against finite differences, lane-position
/// independence, Chen et al.'s full-size ODE function in a solve, and the CUDA backend's refusal.
/// </summary>
public sealed class ConvolutionDynamicsTests
{
    [Fact]
    public void EvaluateBatchMatchesTheFloat64Reference() => AssertBatchMatchesTheReference(Randomised(new ConvField64(seed: 2), 0.5));

    /// <summary>
    /// f of 11 lanes (per-lane times, a stride of 13 between a component's lanes) against the float64 reference of
    /// each lane, to 10⁻¹².
    /// </summary>
    internal static void AssertBatchMatchesTheReference<TField>(TField field)
        where TField : IBatchedDifferentiableSystem<double>, IDifferentiableSystem<double>
    {
        var random = new Random(3);
        const int Count = 11, Stride = 13;
        int n = field.StateSize;
        double[] t = NetworkTestData.Uniform(random, Count, 2.0);
        double[] y = NetworkTestData.Uniform(random, n * Stride, 1.5);
        var dydt = new double[n * Stride];
        field.EvaluateBatch(t, y, dydt, Count, Stride);
        for (int lane = 0; lane < Count; lane++)
        {
            double[] expected = ConvolutionReference.Forward(TField.Layers, [], field.Parameters, Lane(y, n, Stride, lane), t[lane]);
            NetworkTestData.AssertClose(expected, Lane(dydt, n, Stride, lane), 1e-12, $"lane {lane}");
        }
    }

    [Fact]
    public void VjpMatchesFiniteDifferences()
    {
        ConvField64 field = Randomised(new ConvField64(seed: 5), 0.5);
        var random = new Random(7);
        AssertVjpMatchesFiniteDifferences(field, 0.7, NetworkTestData.Uniform(random, field.StateSize, 1.5), NetworkTestData.Uniform(random, field.StateSize, 1.0));
    }

    /// <summary>dy and θ's gradient of aᵀf(t, y) against float64 central differences of it.</summary>
    internal static void AssertVjpMatchesFiniteDifferences<TField>(TField field, double t, double[] y, double[] a)
        where TField : IDifferentiableSystem<double>
    {
        int n = field.StateSize, p = field.ParameterCount;
        var dy = new double[n];
        var dtheta = new double[p];
        field.Vjp(t, y, a, dy, dtheta);

        double Dot()
        {
            var f = new double[n];
            field.Evaluate(t, y, f);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += a[i] * f[i];
            }

            return sum;
        }

        NetworkTestData.AssertClose(ConvolutionNetworkTests.FiniteDifferences(i => y[i], (i, v) => y[i] = v, n, Dot), dy, 1e-7, "dy");
        NetworkTestData.AssertClose(
            ConvolutionNetworkTests.FiniteDifferences(q => field.Parameters[q], (q, v) => field.Parameters[q] = v, p, Dot), dtheta, 1e-7, "dtheta");
    }

    [Fact]
    public void ALaneGivesTheSameBitsAtLane0AndLane37() => AssertLanePositionIndependent(new ConvField32(seed: 8));

    /// <summary>
    /// One state and cotangent at lane 0 of one batch and lane 37 of another (other lanes random, their cotangents
    /// zero): f, dy and θ's gradient come out the same bits.
    /// </summary>
    internal static void AssertLanePositionIndependent<TField>(TField field)
        where TField : IBatchedDifferentiableSystem<float>
    {
        var random = new Random(9);
        const int Count = 40;
        int n = field.StateSize;
        float[] state = NetworkTestData.UniformSingle(random, n, 1.5), cotangent = NetworkTestData.UniformSingle(random, n, 1.0);
        float[] t0 = NetworkTestData.UniformSingle(random, Count, 1.0), t37 = NetworkTestData.UniformSingle(random, Count, 1.0);
        t0[0] = t37[37] = 0.375f;
        float[] y0 = NetworkTestData.UniformSingle(random, n * Count, 1.5), y37 = NetworkTestData.UniformSingle(random, n * Count, 1.5);
        var a0 = new float[n * Count];
        var a37 = new float[n * Count];
        for (int c = 0; c < n; c++)
        {
            y0[c * Count] = y37[(c * Count) + 37] = state[c];
            a0[c * Count] = a37[(c * Count) + 37] = cotangent[c];
        }

        var f0 = new float[n * Count];
        var f37 = new float[n * Count];
        var dy0 = new float[n * Count];
        var dy37 = new float[n * Count];
        var dtheta0 = new float[field.ParameterCount];
        var dtheta37 = new float[field.ParameterCount];
        field.EvaluateAndVjpBatch(t0, y0, a0, f0, dy0, dtheta0, Count, Count);
        field.EvaluateAndVjpBatch(t37, y37, a37, f37, dy37, dtheta37, Count, Count);
        for (int c = 0; c < n; c++)
        {
            Assert.Equal(f0[c * Count], f37[(c * Count) + 37]);
            Assert.Equal(dy0[c * Count], dy37[(c * Count) + 37]);
        }

        Assert.Equal(dtheta0, dtheta37);
    }

    [Fact]
    public void ChensOdeFunctionRunsInAFixedStepSolveAndMatchesTheReference()
    {
        var field = new ChenOdeFunc(seed: 1);
        Assert.Equal(64 * 7 * 7, field.StateSize);
        Assert.Equal((3 * 2 * 64) + (2 * ((64 * 65 * 9) + 64)), field.ParameterCount);
        SolvesAndMatchesTheReference(field);
    }

    [Fact]
    public void TheExamplesDefaultWidthOdeFunctionRunsInAFixedStepSolveAndMatchesTheReference()
    {
        var field = new ImageOdeNet.ConvField16(seed: 1);
        Assert.Equal(16 * 7 * 7, field.StateSize);
        Assert.Equal((3 * 2 * 16) + (2 * ((16 * 17 * 9) + 16)), field.ParameterCount);
        SolvesAndMatchesTheReference(field);
    }

    private static void SolvesAndMatchesTheReference<TField>(TField field)
        where TField : IDifferentiableSystem<float>
    {
        var random = new Random(2);
        const int Lanes = 3;
        float[] y0 = NetworkTestData.UniformSingle(random, Lanes * field.StateSize, 1.0);

        // One evaluation against the reference, in float64 from the same float parameters.
        var dydt = new float[field.StateSize];
        field.Evaluate(0.25f, y0.AsSpan(0, field.StateSize), dydt);
        double[] theta = Array.ConvertAll(field.Parameters.ToArray(), v => (double)v);
        double[] expected = ConvolutionReference.Forward(TField.Layers, [], theta, Array.ConvertAll(y0.AsSpan(0, field.StateSize).ToArray(), v => (double)v), 0.25);
        NetworkTestData.AssertClose(expected, Array.ConvertAll(dydt, v => (double)v), 1e-4, "f");

        Solution<float> solution = Ode.Solve(field, new Rk4(), y0, [0f, 0.5f, 1f], new SolverOptions { FixedStep = 0.25 });
        Assert.All(solution.States.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void EvaluationAndVjpAllocateNothingOnceWarm()
    {
        var field = new ChenOdeFunc(seed: 3);
        const int Count = 20;
        int n = field.StateSize;
        var t = new float[Count];
        float[] y = NetworkTestData.UniformSingle(new Random(4), n * Count, 1.0);
        var a = new float[n * Count];
        var f = new float[n * Count];
        var dy = new float[n * Count];
        var dtheta = new float[field.ParameterCount];
        field.EvaluateBatch(t, y, f, Count, Count);
        field.VjpBatch(t, y, a, dy, dtheta, Count, Count);

        long before = GC.GetAllocatedBytesForCurrentThread();
        field.EvaluateBatch(t, y, f, Count, Count);
        field.VjpBatch(t, y, a, dy, dtheta, Count, Count);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void CudaBackendRefusesNamingTheLayer()
    {
        var field = new ConvField64(seed: 1);
        var y0 = new double[field.StateSize];
        NotSupportedException e = Assert.Throws<NotSupportedException>(
            () => Ode.Solve(field, new Tsit5(), y0, [0.0, 1.0], new SolverOptions { Backend = Backend.Cuda }));
        Assert.Contains("layer 1 (GroupNorm 4×5×5 -> 4×5×5)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Backend.Cpu", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointTensorsHaveThePyTorchShapes()
    {
        var field = new ConvField64(seed: 1);
        var tensors = ModelCheckpoint.ToTensors<double>(field.Parameters, ConvField64.Layers);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias", "5.weight", "5.bias", "6.weight", "6.bias"], tensors.Select(t => t.Name));
        Assert.Equal([4L, 5, 3, 3], tensors[2].Shape); // ConcatConv2d: in channels + 1 for t
        Assert.Equal([4L], tensors[0].Shape);
    }

    private static T Randomised<T>(T system, double scale)
        where T : IDifferentiableSystem<double>
    {
        NetworkTestData.Uniform(new Random(system.ParameterCount), system.ParameterCount, scale).CopyTo(system.Parameters);
        return system;
    }

    /// <summary>Lane <paramref name="lane"/> of a batch stored with <paramref name="stride"/> values between components.</summary>
    internal static double[] Lane(double[] values, int n, int stride, int lane)
    {
        var result = new double[n];
        for (int c = 0; c < n; c++)
        {
            result[c] = values[(c * stride) + lane];
        }

        return result;
    }
}
