using System;
using System.Numerics;
using OdeKernels;
using OdeKernels.Tests.Dynamics;
using static OdeKernels.Tests.Divergence.DivergenceTestData;
using static OdeKernels.Tests.Dynamics.DynamicsVjpTests;
using static OdeKernels.Tests.Dynamics.DynamicsBatchTests;

namespace OdeKernels.Tests.Divergence;

/// <summary>
/// The guarantee of the other batch kernels (<see cref="DynamicsBatchTests"/>), for the divergence members: every
/// lane's f, divergence, J·v and state cotangent equals the same lane computed alone, bit for bit, for every batch
/// size 1..40 (all remainders of 16-wide float and 8-wide double tiles), with a stride larger than the count; and the
/// float kernels agree with their double twins.
/// </summary>
public sealed class DivergenceBatchTests
{
    private const int MaxCount = 40;

    [Theory]
    [MemberData(nameof(DivergenceTestData.FloatNetworks), MemberType = typeof(DivergenceTestData))]
    public void FloatBatchesEqualLanesBitwise(string name) => CheckBatches(Twins(name, seed: 1).Float, seed: 71);

    [Theory]
    [MemberData(nameof(DivergenceTestData.DoubleNetworks), MemberType = typeof(DivergenceTestData))]
    public void DoubleBatchesEqualLanesBitwise(string name) => CheckBatches(Double(name, seed: 1), seed: 72);

    [Theory]
    [MemberData(nameof(DivergenceTestData.FloatNetworks), MemberType = typeof(DivergenceTestData))]
    public void FloatKernelsMatchTheirDoubleTwins(string name)
    {
        (IDivergenceSystem<float> single, IDivergenceSystem<double> twin) = Twins(name, seed: 2);
        var random = new Random(73);
        int n = single.StateSize, m = n + 1;
        for (int point = 0; point < 16; point++)
        {
            float[] y = DynamicsTestData.Uniform<float>(random, n, 2.0), a = DynamicsTestData.Uniform<float>(random, n, 1.0);
            float[] v = DynamicsTestData.Uniform<float>(random, m * n, 1.0), w = DynamicsTestData.Uniform<float>(random, m * n, 1.0);
            float[] t = DynamicsTestData.Uniform<float>(random, 1, 1.0), b = DynamicsTestData.Uniform<float>(random, 1, 1.0);
            double[] yd = DynamicsTestData.ToDouble<float>(y), ad = DynamicsTestData.ToDouble<float>(a), vd = DynamicsTestData.ToDouble<float>(v), wd = DynamicsTestData.ToDouble<float>(w);
            double[] td = DynamicsTestData.ToDouble<float>(t), bd = DynamicsTestData.ToDouble<float>(b);
            string where = $"{name}, point {point}";

            var divergence = new float[1];
            var divergenceD = new double[1];
            single.EvaluateWithDivergenceBatch(t, y, new float[n], divergence, 1, 1);
            twin.EvaluateWithDivergenceBatch(td, yd, new double[n], divergenceD, 1, 1);
            AssertClose(divergenceD, DynamicsTestData.ToDouble<float>(divergence), 1e-5, where + ", divergence");

            var jv = new float[m * n];
            var jvD = new double[m * n];
            single.EvaluateWithJvpBatch(t, y, v, new float[n], jv, m, 1, 1);
            twin.EvaluateWithJvpBatch(td, yd, vd, new double[n], jvD, m, 1, 1);
            AssertClose(jvD, DynamicsTestData.ToDouble<float>(jv), 1e-5, where + ", J v");

            var dy = new float[n];
            var dtheta = new float[single.ParameterCount];
            var dyD = new double[n];
            var dthetaD = new double[twin.ParameterCount];
            single.DivergenceVjpBatch(t, y, a, b, dy, dtheta, 1, 1);
            twin.DivergenceVjpBatch(td, yd, ad, bd, dyD, dthetaD, 1, 1);
            AssertClose(dyD, DynamicsTestData.ToDouble<float>(dy), 1e-5, where + ", divergence dy");
            AssertClose(dthetaD, DynamicsTestData.ToDouble<float>(dtheta), 1e-5, where + ", divergence dtheta");

            Array.Clear(dy);
            Array.Clear(dtheta);
            Array.Clear(dyD);
            Array.Clear(dthetaD);
            single.JvpVjpBatch(t, y, v, a, w, dy, dtheta, m, 1, 1);
            twin.JvpVjpBatch(td, yd, vd, ad, wd, dyD, dthetaD, m, 1, 1);
            AssertClose(dyD, DynamicsTestData.ToDouble<float>(dy), 1e-5, where + ", JVP dy");
            AssertClose(dthetaD, DynamicsTestData.ToDouble<float>(dtheta), 1e-5, where + ", JVP dtheta");
        }
    }

    private static void CheckBatches<T>(IDivergenceSystem<T> net, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        int n = net.StateSize, m = n + 1;
        for (int count = 1; count <= MaxCount; count++)
        {
            int stride = count + 3;
            T[] t = DynamicsTestData.Uniform<T>(random, count, 1.0);
            T[] y = DynamicsTestData.Uniform<T>(random, n * stride, 2.0);
            T[] a = DynamicsTestData.Uniform<T>(random, n * stride, 1.0);
            T[] b = DynamicsTestData.Uniform<T>(random, count, 1.0);
            T[] v = DynamicsTestData.Uniform<T>(random, m * n * stride, 1.0);
            T[] w = DynamicsTestData.Uniform<T>(random, m * n * stride, 1.0);
            T[] f = Filled(n * stride, T.NaN), divergence = Filled(count, T.NaN), jv = Filled(m * n * stride, T.NaN);
            T[] dyDivergence = Filled(n * stride, T.One), dyJvp = Filled(n * stride, T.One);
            net.EvaluateWithDivergenceBatch(t, y, f, divergence, count, stride);
            net.EvaluateWithJvpBatch(t, y, v, new T[n * stride], jv, m, count, stride);
            net.DivergenceVjpBatch(t, y, a, b, dyDivergence, Span<T>.Empty, count, stride);
            net.JvpVjpBatch(t, y, v, a, w, dyJvp, Span<T>.Empty, m, count, stride);

            for (int i = 0; i < count; i++)
            {
                T[] yi = DynamicsTestData.Lane<T>(y, i, n, stride), ai = DynamicsTestData.Lane<T>(a, i, n, stride);
                T[] vi = DynamicsTestData.Lane<T>(v, i, m * n, stride), wi = DynamicsTestData.Lane<T>(w, i, m * n, stride);
                var laneF = new T[n];
                var laneDivergence = new T[1];
                var laneJv = new T[m * n];
                T[] laneDyDivergence = Filled(n, T.One), laneDyJvp = Filled(n, T.One);
                net.EvaluateWithDivergenceBatch(t.AsSpan(i, 1), yi, laneF, laneDivergence, 1, 1);
                net.EvaluateWithJvpBatch(t.AsSpan(i, 1), yi, vi, new T[n], laneJv, m, 1, 1);
                net.DivergenceVjpBatch(t.AsSpan(i, 1), yi, ai, b.AsSpan(i, 1), laneDyDivergence, Span<T>.Empty, 1, 1);
                net.JvpVjpBatch(t.AsSpan(i, 1), yi, vi, ai, wi, laneDyJvp, Span<T>.Empty, m, 1, 1);
                string where = $"count {count}, lane {i}";
                Assert.True(Bits(divergence[i]) == Bits(laneDivergence[0]), $"{where}: divergence {divergence[i]} vs {laneDivergence[0]}");
                for (int c = 0; c < n; c++)
                {
                    Assert.True(Bits(f[(c * stride) + i]) == Bits(laneF[c]), $"{where}, component {c}: f");
                    Assert.True(Bits(dyDivergence[(c * stride) + i]) == Bits(laneDyDivergence[c]), $"{where}, component {c}: divergence dy");
                    Assert.True(Bits(dyJvp[(c * stride) + i]) == Bits(laneDyJvp[c]), $"{where}, component {c}: JVP dy");
                }

                for (int row = 0; row < m * n; row++)
                {
                    Assert.True(Bits(jv[(row * stride) + i]) == Bits(laneJv[row]), $"{where}, row {row}: J v");
                }
            }
        }
    }
}
