using System;
using System.Numerics;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>
/// Every lane of a batch equals the same lane evaluated alone, bit for bit, for every batch size 1..40 (all
/// remainders of 16-wide float and 8-wide double tiles), with a stride larger than the count.
/// </summary>
public sealed class DynamicsBatchTests
{
    private const int MaxCount = 40;

    [Theory]
    [MemberData(nameof(DynamicsTestData.FloatNetworks), MemberType = typeof(DynamicsTestData))]
    public void FloatBatchesEqualLanesBitwise(string name) => CheckBatches(DynamicsTestData.Float(name, seed: 1).Network, seed: 21);

    [Theory]
    [MemberData(nameof(DynamicsTestData.DoubleNetworks), MemberType = typeof(DynamicsTestData))]
    public void DoubleBatchesEqualLanesBitwise(string name) => CheckBatches(DynamicsTestData.Double(name, seed: 1).Network, seed: 22);

    [Theory]
    [MemberData(nameof(DynamicsTestData.FloatNetworks), MemberType = typeof(DynamicsTestData))]
    public void FloatEvaluationEqualsTheVjpsForwardPassBitwise(string name) => CheckForwardOnly(DynamicsTestData.Float(name, seed: 3).Network, seed: 24);

    [Theory]
    [MemberData(nameof(DynamicsTestData.DoubleNetworks), MemberType = typeof(DynamicsTestData))]
    public void DoubleEvaluationEqualsTheVjpsForwardPassBitwise(string name) => CheckForwardOnly(DynamicsTestData.Double(name, seed: 3).Network, seed: 25);

    [Theory]
    [MemberData(nameof(DynamicsTestData.DoubleNetworks), MemberType = typeof(DynamicsTestData))]
    public void BatchParameterGradientIsSumOfLanes(string name)
    {
        IBatchedDifferentiableSystem<double> net = DynamicsTestData.Double(name, seed: 2).Network;
        var random = new Random(23);
        int n = net.StateSize, count = 37, stride = 41;
        double[] t = DynamicsTestData.Uniform<double>(random, count, 2.0);
        double[] y = DynamicsTestData.Uniform<double>(random, n * stride, 2.0);
        double[] a = DynamicsTestData.Uniform<double>(random, n * stride, 1.0);
        double[] batch = DynamicsTestData.Uniform<double>(random, net.ParameterCount, 1.0);
        double[] start = (double[])batch.Clone();
        net.VjpBatch(t, y, a, Span<double>.Empty, batch, count, stride);

        double[] sum = (double[])start.Clone();
        for (int i = 0; i < count; i++)
        {
            net.Vjp(t[i], DynamicsTestData.Lane<double>(y, i, n, stride), DynamicsTestData.Lane<double>(a, i, n, stride), Span<double>.Empty, sum);
        }

        double scale = DynamicsTestData.Norm(sum);
        for (int q = 0; q < sum.Length; q++)
        {
            Assert.True(Math.Abs(batch[q] - sum[q]) <= 1e-12 * scale, $"{name}, parameter {q}: {batch[q]:R} vs {sum[q]:R}");
        }
    }

    private static void CheckBatches<T>(IBatchedDifferentiableSystem<T> net, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        int n = net.StateSize;
        for (int count = 1; count <= MaxCount; count++)
        {
            int stride = count + 3;
            T[] t = DynamicsTestData.Uniform<T>(random, count, 2.0);
            T[] y = DynamicsTestData.Uniform<T>(random, n * stride, 3.0);
            T[] a = DynamicsTestData.Uniform<T>(random, n * stride, 1.0);
            T[] f = Filled(n * stride, T.NaN);
            T[] dy = Filled(n * stride, T.One);
            net.EvaluateBatch(t, y, f, count, stride);
            net.VjpBatch(t, y, a, dy, Span<T>.Empty, count, stride);

            var laneF = new T[n];
            for (int i = 0; i < count; i++)
            {
                T[] yi = DynamicsTestData.Lane<T>(y, i, n, stride);
                T[] laneDy = Filled(n, T.One);
                net.Evaluate(t[i], yi, laneF);
                net.Vjp(t[i], yi, DynamicsTestData.Lane<T>(a, i, n, stride), laneDy, Span<T>.Empty);
                for (int c = 0; c < n; c++)
                {
                    Assert.True(Bits(f[(c * stride) + i]) == Bits(laneF[c]), $"count {count}, lane {i}, component {c}: f {f[(c * stride) + i]} vs {laneF[c]}");
                    Assert.True(Bits(dy[(c * stride) + i]) == Bits(laneDy[c]), $"count {count}, lane {i}, component {c}: dy {dy[(c * stride) + i]} vs {laneDy[c]}");
                }
            }

            for (int c = 0; c < n; c++)
            {
                for (int i = count; i < stride; i++)
                {
                    Assert.True(T.IsNaN(f[(c * stride) + i]), $"count {count}: padding at component {c}, lane {i} was written");
                    Assert.Equal(T.One, dy[(c * stride) + i]);
                }
            }
        }
    }

    /// <summary>
    /// <c>EvaluateBatch</c> runs the generated forward-only kernel (nothing kept for a reverse pass, a hidden layer
    /// fused with a narrow dense layer after it), the VJP drivers the kernel that keeps every value: both must give f
    /// the same bits, for every batch remainder.
    /// </summary>
    private static void CheckForwardOnly<T>(IBatchedDifferentiableSystem<T> net, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        int n = net.StateSize;
        for (int count = 1; count <= MaxCount; count++)
        {
            int stride = count + 5;
            T[] t = DynamicsTestData.Uniform<T>(random, count, 2.0);
            T[] y = DynamicsTestData.Uniform<T>(random, n * stride, 3.0);
            T[] a = DynamicsTestData.Uniform<T>(random, n * stride, 1.0);
            T[] only = Filled(n * stride, T.NaN), kept = Filled(n * stride, T.NaN);
            net.EvaluateBatch(t, y, only, count, stride);
            net.EvaluateAndVjpBatch(t, y, a, kept, Span<T>.Empty, Span<T>.Empty, count, stride);
            for (int c = 0; c < n; c++)
            {
                for (int i = 0; i < count; i++)
                {
                    T x = only[(c * stride) + i], z = kept[(c * stride) + i];
                    Assert.True(T.IsFinite(x) && Bits(x) == Bits(z), $"count {count}, lane {i}, component {c}: EvaluateBatch {x} vs the VJP's forward pass {z}");
                }
            }
        }
    }

    internal static T[] Filled<T>(int length, T value)
    {
        var values = new T[length];
        Array.Fill(values, value);
        return values;
    }

    internal static long Bits<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double) ? BitConverter.DoubleToInt64Bits(double.CreateTruncating(value)) : BitConverter.SingleToInt32Bits(float.CreateTruncating(value));
}
