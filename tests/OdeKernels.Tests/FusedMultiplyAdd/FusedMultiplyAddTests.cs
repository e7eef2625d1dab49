using System;
using System.Linq;

namespace OdeKernels.Tests.FusedMultiplyAdd;

/// <summary>
/// The opt-in <c>FusedMultiplyAdd = true</c>: the fused kernels against their unfused twins given the same parameters
/// (they agree to rounding, and differ in the last bits somewhere, which proves the option changes the arithmetic),
/// against a float64 reference, their VJP against float64 central differences, and a lane's result against its
/// position in the batch (bit for bit).
/// </summary>
public sealed class FusedMultiplyAddTests
{
    // 37 lanes: whole tiles and a partial one at every vector width (16, 8, 4 float lanes; 8, 4, 2 double lanes).
    private const int Lanes = 37;

    private static double[] States(int lanes, int n)
    {
        var y = new double[lanes * n];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = 1.2 * Math.Sin(0.3 + (0.77 * i));
        }

        return y;
    }

    private static double[] Times(int lanes) => Enumerable.Range(0, lanes).Select(i => 0.1 * i).ToArray();

    private static T[] Evaluate<T>(IBatchedDifferentiableSystem<T> system, T[] t, T[] y, int lanes)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var dydt = new T[y.Length];
        system.EvaluateBatch(t, y, dydt, lanes, lanes);
        return dydt;
    }

    [Fact]
    public void FusedAndUnfusedDoubleAgreeToRoundingButNotBitForBit()
    {
        var plain = new SpiralNet64(seed: 3);
        var fused = new SpiralNetFma64(plain.Parameters);
        double[] y = States(Lanes, 2), t = Times(Lanes);

        double[] a = Evaluate(plain, t, y, Lanes), b = Evaluate(fused, t, y, Lanes);

        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-13 * Math.Max(1, Math.Abs(a[i])), $"f[{i}]: unfused {a[i]:R}, fused {b[i]:R}");
        }

        Assert.Contains(Enumerable.Range(0, a.Length), i => a[i] != b[i]);
    }

    [Fact]
    public void FusedFloatIsAsAccurateAsUnfusedAgainstTheDoubleReferenceButNotTheSame()
    {
        var plain = new SpiralNet(seed: 7);
        var fused = new SpiralNetFma(plain.Parameters);
        var reference = new SpiralNet64(plain.Parameters.ToArray().Select(p => (double)p).ToArray());
        double[] y64 = States(Lanes, 2), t64 = Times(Lanes);
        float[] y = y64.Select(v => (float)v).ToArray(), t = t64.Select(v => (float)v).ToArray();

        double[] exact = Evaluate(reference, t.Select(v => (double)v).ToArray(), y.Select(v => (double)v).ToArray(), Lanes);
        float[] a = Evaluate(plain, t, y, Lanes), b = Evaluate(fused, t, y, Lanes);

        double scale = exact.Max(Math.Abs);
        for (int i = 0; i < exact.Length; i++)
        {
            Assert.True(Math.Abs(b[i] - exact[i]) <= 2e-6 * scale, $"f[{i}]: fused {b[i]:R}, float64 reference {exact[i]:R}");
            Assert.True(Math.Abs(a[i] - exact[i]) <= 2e-6 * scale, $"f[{i}]: unfused {a[i]:R}, float64 reference {exact[i]:R}");
        }

        Assert.Contains(Enumerable.Range(0, a.Length), i => a[i] != b[i]);
    }

    [Fact]
    public void ALanesResultDoesNotDependOnItsPositionInTheBatch()
    {
        var network = new SpiralNetFma(seed: 3);
        float[] y = States(Lanes, 2).Select(v => (float)v).ToArray(), t = new float[Lanes];
        float[] batch = Evaluate(network, t, y, Lanes);
        var cotangent = y.Select(v => 0.5f - v).ToArray();
        var dyBatch = new float[y.Length];
        network.VjpBatch(t, y, cotangent, dyBatch, Span<float>.Empty, Lanes, Lanes);

        for (int lane = 0; lane < Lanes; lane++)
        {
            // Alone, then in the last position of a batch rotated so that it lands in the partial tile.
            float[] alone = [y[lane], y[Lanes + lane]];
            float[] f = Evaluate(network, [0f], alone, 1);
            Assert.Equal(batch[lane], f[0]);
            Assert.Equal(batch[Lanes + lane], f[1]);

            float[] rotated = Rotate(y, Lanes, lane + 1), rotatedCotangent = Rotate(cotangent, Lanes, lane + 1);
            float[] g = Evaluate(network, t, rotated, Lanes);
            Assert.Equal(batch[lane], g[Lanes - 1]);
            Assert.Equal(batch[Lanes + lane], g[(2 * Lanes) - 1]);

            var dy = new float[y.Length];
            network.VjpBatch(t, rotated, rotatedCotangent, dy, Span<float>.Empty, Lanes, Lanes);
            Assert.Equal(dyBatch[lane], dy[Lanes - 1]);
            Assert.Equal(dyBatch[Lanes + lane], dy[(2 * Lanes) - 1]);
        }
    }

    [Fact]
    public void TheVjpMatchesFloat64CentralDifferences()
    {
        const int lanes = 3, n = 3;
        var network = new TimeNetFma64(seed: 5);
        double[] y = States(lanes, n), t = [0.2, 0.9, 1.7], a = y.Select(v => 1 - (0.4 * v)).ToArray();
        var dy = new double[y.Length];
        var dtheta = new double[network.ParameterCount];
        network.VjpBatch(t, y, a, dy, dtheta, lanes, lanes);

        double Loss(double[] state)
        {
            double[] f = Evaluate(network, t, state, lanes);
            return f.Select((v, i) => v * a[i]).Sum();
        }

        const double h = 1e-6;
        for (int i = 0; i < y.Length; i++)
        {
            double[] up = (double[])y.Clone(), down = (double[])y.Clone();
            up[i] += h;
            down[i] -= h;
            double fd = (Loss(up) - Loss(down)) / (2 * h);
            Assert.True(Math.Abs(fd - dy[i]) <= 1e-7 * Math.Max(1, Math.Abs(fd)), $"dy[{i}]: VJP {dy[i]:R}, central difference {fd:R}");
        }

        Span<double> theta = network.Parameters;
        for (int q = 0; q < theta.Length; q++)
        {
            double keep = theta[q];
            theta[q] = keep + h;
            double up = Loss(y);
            theta[q] = keep - h;
            double down = Loss(y);
            theta[q] = keep;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - dtheta[q]) <= 1e-7 * Math.Max(1, Math.Abs(fd)), $"dtheta[{q}]: VJP {dtheta[q]:R}, central difference {fd:R}");
        }
    }

    [Fact]
    public void AFusedDiscreteNetworkAgreesWithItsUnfusedTwinToRoundingButNotBitForBit()
    {
        var plain = new DenseMlp(seed: 11);
        var fused = new DenseMlpFma(plain.Parameters);
        float[] x = States(Lanes, 5).Select(v => (float)v).ToArray();
        float[] a = new float[Lanes * 3], b = new float[Lanes * 3];
        plain.Forward(x, a, Lanes);
        fused.Forward(x, b, Lanes);

        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5 * Math.Max(1, Math.Abs(a[i])), $"y[{i}]: unfused {a[i]:R}, fused {b[i]:R}");
        }

        Assert.Contains(Enumerable.Range(0, a.Length), i => a[i] != b[i]);
    }

    [Fact]
    public void TheFusedDivergenceAndItsVjpAgreeWithTheUnfusedToRoundingButNotBitForBit()
    {
        var plain = new DivergenceTime64(seed: 2);
        var fused = new DivergenceTimeFma64(plain.Parameters);
        double[] y = States(Lanes, 2), t = Times(Lanes), a = y.Select(v => 0.3 - v).ToArray(), b = t.Select(v => 1 + v).ToArray();
        var f1 = new double[y.Length];
        var f2 = new double[y.Length];
        var d1 = new double[Lanes];
        var d2 = new double[Lanes];
        plain.EvaluateWithDivergenceBatch(t, y, f1, d1, Lanes, Lanes);
        fused.EvaluateWithDivergenceBatch(t, y, f2, d2, Lanes, Lanes);
        var dy1 = new double[y.Length];
        var dy2 = new double[y.Length];
        var g1 = new double[plain.ParameterCount];
        var g2 = new double[plain.ParameterCount];
        plain.DivergenceVjpBatch(t, y, a, b, dy1, g1, Lanes, Lanes);
        fused.DivergenceVjpBatch(t, y, a, b, dy2, g2, Lanes, Lanes);

        double[] expected = [.. f1, .. d1, .. dy1, .. g1], actual = [.. f2, .. d2, .. dy2, .. g2];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: unfused {expected[i]:R}, fused {actual[i]:R}");
        }

        Assert.Contains(Enumerable.Range(0, d1.Length), i => d1[i] != d2[i]);
        Assert.Contains(Enumerable.Range(0, dy1.Length), i => dy1[i] != dy2[i]);
    }

    /// <summary>The lanes of a component-major batch, rotated left by <paramref name="by"/>.</summary>
    private static float[] Rotate(float[] values, int lanes, int by)
    {
        var rotated = new float[values.Length];
        for (int c = 0; c < values.Length / lanes; c++)
        {
            for (int i = 0; i < lanes; i++)
            {
                rotated[(c * lanes) + i] = values[(c * lanes) + ((i + by) % lanes)];
            }
        }

        return rotated;
    }
}
