using System;
using OdeKernels;

namespace OdeKernels.Tests.Networks;

/// <summary>
/// A batch computes, sample by sample, exactly what single-sample calls compute: every sample runs through the same
/// vector code (partial tiles are zero-padded), so its result cannot depend on where it falls in the batch. Every
/// batch size up to three tiles of the widest vector is tried, so every remainder runs.
/// </summary>
public sealed class NetworkBatchTests
{
    [Fact]
    public void BatchedEqualsPerSample_Float()
    {
        var net = new ResidualNet(seed: 4);
        var random = new Random(2);
        for (int count = 0; count <= 49; count++)
        {
            float[] x = NetworkTestData.UniformSingle(random, count * 3, 2.0);
            float[] a = NetworkTestData.UniformSingle(random, count * 2, 1.0);
            var y = new float[count * 2];
            var dx = new float[count * 3];
            var dtheta = new float[net.ParameterCount];
            net.Forward(x, y, count);
            net.Vjp(x, a, dx, dtheta, count);

            var sumTheta = new double[net.ParameterCount];
            for (int s = 0; s < count; s++)
            {
                var ys = new float[2];
                var dxs = new float[3];
                var dthetas = new float[net.ParameterCount];
                net.Forward(x.AsSpan(s * 3, 3), ys, 1);
                net.Vjp(x.AsSpan(s * 3, 3), a.AsSpan(s * 2, 2), dxs, dthetas, 1);
                Assert.Equal(ys, y.AsSpan(s * 2, 2).ToArray());
                Assert.Equal(dxs, dx.AsSpan(s * 3, 3).ToArray());
                for (int q = 0; q < sumTheta.Length; q++)
                {
                    sumTheta[q] += dthetas[q];
                }
            }

            // The parameter gradient is summed over lanes in another order: equal to rounding.
            NetworkTestData.AssertClose(sumTheta, Array.ConvertAll(dtheta, v => (double)v), 1e-4 * Math.Max(1, count), $"count {count}, dtheta");
        }
    }

    [Fact]
    public void BatchedEqualsPerSample_Double()
    {
        var net = new ResidualNet64(seed: 4);
        var random = new Random(3);
        const int Count = 27;
        double[] x = NetworkTestData.Uniform(random, Count * 3, 2.0);
        var y = new double[Count * 2];
        net.Forward(x, y, Count);
        for (int s = 0; s < Count; s++)
        {
            var ys = new double[2];
            net.Forward(x.AsSpan(s * 3, 3), ys, 1);
            Assert.Equal(ys, y.AsSpan(s * 2, 2).ToArray());
        }
    }
}
