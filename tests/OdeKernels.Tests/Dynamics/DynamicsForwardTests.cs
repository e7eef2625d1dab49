using System;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>The generated forward pass against the plain float64 reference and a hand-computed layout check.</summary>
public sealed class DynamicsForwardTests
{
    [Theory]
    [MemberData(nameof(DynamicsTestData.DoubleNetworks), MemberType = typeof(DynamicsTestData))]
    public void DoubleForwardMatchesReference(string name)
    {
        (IBatchedDifferentiableSystem<double> net, ReferenceNetwork reference) = DynamicsTestData.Double(name, seed: 3);
        Assert.Equal(reference.ParameterCount, net.ParameterCount);
        double[] theta = DynamicsTestData.ToDouble<double>(net.Parameters);
        var random = new Random(11);
        var f = new double[net.StateSize];
        for (int point = 0; point < 200; point++)
        {
            // Up to |y| = 3: the spiral's cube then drives tanh deep into saturation (|z| ~ 20).
            double[] y = DynamicsTestData.Uniform<double>(random, net.StateSize, point < 100 ? 1.0 : 3.0);
            double t = 4 * (random.NextDouble() - 0.5);
            net.Evaluate(t, y, f);
            double[] expected = reference.Forward(theta, t, y);
            double tolerance = 1e-12 * DynamicsTestData.Norm(expected);
            for (int c = 0; c < f.Length; c++)
            {
                Assert.True(Math.Abs(f[c] - expected[c]) <= tolerance, $"{name}, point {point}, component {c}: {f[c]:R} vs {expected[c]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DynamicsTestData.FloatNetworks), MemberType = typeof(DynamicsTestData))]
    public void FloatForwardMatchesReference(string name)
    {
        (IBatchedDifferentiableSystem<float> net, ReferenceNetwork reference) = DynamicsTestData.Float(name, seed: 5);
        Assert.Equal(reference.ParameterCount, net.ParameterCount);
        double[] theta = DynamicsTestData.ToDouble<float>(net.Parameters);
        var random = new Random(13);
        var f = new float[net.StateSize];
        for (int point = 0; point < 200; point++)
        {
            float[] y = DynamicsTestData.Uniform<float>(random, net.StateSize, point < 100 ? 1.0 : 3.0);
            float t = (float)(4 * (random.NextDouble() - 0.5));
            net.Evaluate(t, y, f);
            double[] expected = reference.Forward(theta, t, DynamicsTestData.ToDouble<float>(y));
            double tolerance = 1e-5 * DynamicsTestData.Norm(expected);
            for (int c = 0; c < f.Length; c++)
            {
                Assert.True(Math.Abs(f[c] - expected[c]) <= tolerance, $"{name}, point {point}, component {c}: {f[c]:R} vs {expected[c]:R}");
            }
        }
    }

    [Fact]
    public void ParameterLayoutIsPyTorchLinearWithTimeColumnLast()
    {
        // θ = 1..22: W1 = [[1,2,3],[4,5,6],[7,8,9]] (columns y0, y1, t), b1 = [10,11,12],
        // W2 = [[13,14,15,16],[17,18,19,20]] (columns h0, h1, h2, t), b2 = [21,22].
        var theta = new double[22];
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = i + 1;
        }

        var net = new LayoutNet64(theta);
        var f = new double[2];
        net.Evaluate(3.0, new[] { 1.0, 2.0 }, f);

        // h = W1·(1, 2, 3) + b1 = (24, 43, 62); f = W2·(24, 43, 62, 3) + b2.
        Assert.Equal(1913.0, f[0]);
        Assert.Equal(2442.0, f[1]);
    }

    [Fact]
    public void LayersDescribeTheDeclaration()
    {
        Assert.Equal(
            new[]
            {
                new DynamicsLayer(DynamicsLayerKind.Pointwise, 2, 2, Activation.Cube, false, false, -1, -1),
                new DynamicsLayer(DynamicsLayerKind.Dense, 2, 50, Activation.Tanh, true, false, 0, 100),
                new DynamicsLayer(DynamicsLayerKind.Dense, 50, 2, Activation.Identity, true, false, 150, 250),
            },
            SpiralNet.Layers);
        Assert.Equal(
            new[]
            {
                new DynamicsLayer(DynamicsLayerKind.Dense, 2, 3, Activation.Identity, true, true, 0, 9),
                new DynamicsLayer(DynamicsLayerKind.Dense, 3, 2, Activation.Identity, true, true, 12, 20),
            },
            LayoutNet64.Layers);
        Assert.Equal(-1, NoBiasNet64.Layers[0].BiasOffset);
    }

    [Fact]
    public void BatchArgumentsAreChecked()
    {
        var net = new SpiralNet(seed: 0);
        var t = new float[4];
        var y = new float[8];
        var f = new float[8];
        Assert.Throws<ArgumentOutOfRangeException>("stride", () => net.EvaluateBatch(t, y, f, 4, 3));
        Assert.Throws<ArgumentOutOfRangeException>("count", () => net.EvaluateBatch(t, y, f, -1, 3));
        Assert.Throws<ArgumentException>("y", () => net.EvaluateBatch(t, y.AsSpan(0, 7), f, 4, 4));
        Assert.Throws<ArgumentException>("dydt", () => net.EvaluateBatch(t, y, f.AsSpan(0, 7), 4, 4));
        Assert.Throws<ArgumentException>("t", () => net.EvaluateBatch(t.AsSpan(0, 3), y, f, 4, 4));
        Assert.Throws<ArgumentException>("dtheta", () => net.VjpBatch(t, y, y, f, new float[251], 4, 4));
        net.EvaluateBatch(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 0);
    }
}
