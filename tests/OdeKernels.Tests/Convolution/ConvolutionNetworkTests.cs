using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels;
using OdeKernels.Tests.Networks;

namespace OdeKernels.Tests.Convolution;

/// <summary>
/// The generated convolution, group-norm and flatten code of <c>[Network]</c> classes: the forward pass against the
/// independent float64 <see cref="ConvolutionReference"/>, the vector-Jacobian product against central finite
/// differences of the forward pass, and a sample's results bit for bit the same wherever it sits in a batch.
/// </summary>
public sealed class ConvolutionNetworkTests
{
    public static TheoryData<string> Networks => new() { "Conv", "ConvResidual", "ConvPool", "ConvDeep" };

    [Theory]
    [MemberData(nameof(Networks))]
    public void ForwardMatchesTheFloat64Reference(string name) => AssertForwardMatchesTheReference(Create(name, seed: 3), Blocks(name), name);

    /// <summary>The forward pass of 21 samples against the float64 reference of each, to 10⁻¹².</summary>
    internal static void AssertForwardMatchesTheReference(INetwork<double> net, IReadOnlyList<ResidualBlock> blocks, string name)
    {
        var random = new Random(5);
        const int Count = 21; // Two tiles and a remainder at every vector width.
        double[] x = NetworkTestData.Uniform(random, Count * net.Inputs, 1.5);
        var y = new double[Count * net.Outputs];
        net.Forward(x, y, Count);
        for (int i = 0; i < Count; i++)
        {
            double[] expected = ConvolutionReference.Forward(net.Layers, blocks, net.Parameters, x.AsSpan(i * net.Inputs, net.Inputs).ToArray());
            NetworkTestData.AssertClose(expected, y.AsSpan(i * net.Outputs, net.Outputs), 1e-12, $"{name}, sample {i}");
        }
    }

    [Fact]
    public void SinglePrecisionMatchesTheFloat64Reference()
    {
        var net = new ConvNet32(seed: 4);
        var random = new Random(6);
        const int Count = 19;
        float[] x = NetworkTestData.UniformSingle(random, Count * net.Inputs, 1.5);
        var y = new float[Count * net.Outputs];
        net.Forward(x, y, Count);
        double[] theta = Array.ConvertAll(net.Parameters.ToArray(), v => (double)v);
        for (int i = 0; i < Count; i++)
        {
            double[] sample = Array.ConvertAll(x.AsSpan(i * net.Inputs, net.Inputs).ToArray(), v => (double)v);
            double[] expected = ConvolutionReference.Forward(ConvNet32.Layers, [], theta, sample);
            NetworkTestData.AssertClose(expected, Array.ConvertAll(y.AsSpan(i * net.Outputs, net.Outputs).ToArray(), v => (double)v), 2e-5, $"sample {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void VjpMatchesFiniteDifferences(string name)
    {
        INetwork<double> net = Create(name, seed: 7);
        var random = new Random(13);
        int n = net.Inputs, m = net.Outputs, p = net.ParameterCount;
        for (int point = 0; point < 3; point++)
        {
            double[] x = NetworkTestData.Uniform(random, n, 1.5);
            double[] a = NetworkTestData.Uniform(random, m, 1.0);
            var dx = new double[n];
            var dtheta = new double[p];
            net.Vjp(x, a, dx, dtheta, 1);

            NetworkTestData.AssertClose(FiniteDifferences(i => x[i], (i, v) => x[i] = v, n, () => NetworkVjpTests.Dot(net, x, a)), dx, 1e-7, $"{name}, point {point}, dx");
            double[] theta = net.Parameters.ToArray();
            NetworkTestData.AssertClose(
                FiniteDifferences(q => net.Parameters[q], (q, v) => net.Parameters[q] = v, p, () => NetworkVjpTests.Dot(net, x, a)), dtheta, 1e-7, $"{name}, point {point}, dtheta");
            theta.CopyTo(net.Parameters);
        }
    }

    [Fact]
    public void ASampleGivesTheSameBitsAtLane0AndLane37()
    {
        var net = new ConvNet32(seed: 11);
        var random = new Random(12);
        const int Count = 40;
        int n = net.Inputs, m = net.Outputs;
        float[] sample = NetworkTestData.UniformSingle(random, n, 1.5), cotangent = NetworkTestData.UniformSingle(random, m, 1.0);
        float[] first = NetworkTestData.UniformSingle(random, Count * n, 1.5), later = NetworkTestData.UniformSingle(random, Count * n, 1.5);
        sample.CopyTo(first, 0);
        sample.CopyTo(later, 37 * n);

        var y0 = new float[Count * m];
        var y37 = new float[Count * m];
        net.Forward(first, y0, Count);
        net.Forward(later, y37, Count);
        Assert.Equal(y0.AsSpan(0, m).ToArray(), y37.AsSpan(37 * m, m).ToArray());

        // The cotangent only on the sample: its input gradient, and θ's (the other lanes add exact zeros).
        var a0 = new float[Count * m];
        var a37 = new float[Count * m];
        cotangent.CopyTo(a0, 0);
        cotangent.CopyTo(a37, 37 * m);
        var dx0 = new float[Count * n];
        var dx37 = new float[Count * n];
        var dtheta0 = new float[net.ParameterCount];
        var dtheta37 = new float[net.ParameterCount];
        net.Vjp(first, a0, dx0, dtheta0, Count);
        net.Vjp(later, a37, dx37, dtheta37, Count);
        Assert.Equal(dx0.AsSpan(0, n).ToArray(), dx37.AsSpan(37 * n, n).ToArray());
        Assert.Equal(dtheta0, dtheta37);
        Assert.Contains(dtheta0, v => v != 0);
    }

    [Fact]
    public void LayersDescribeThePyTorchLayout()
    {
        var conv = ConvNet64.Layers;
        Assert.Equal(
            [DynamicsLayerKind.Conv2d, DynamicsLayerKind.GroupNorm, DynamicsLayerKind.Conv2d, DynamicsLayerKind.Conv2d, DynamicsLayerKind.Dense],
            conv.Select(l => l.Kind));
        Assert.Equal(new FeatureMapShape(2, 7, 6), conv[0].InputShape);
        Assert.Equal(new FeatureMapShape(4, 7, 6), conv[0].OutputShape);
        Assert.Equal(new FeatureMapShape(3, 4, 3), conv[2].OutputShape); // ⌊(7 + 2 − 3)/2⌋ + 1 = 4, ⌊(6 + 2 − 3)/2⌋ + 1 = 3
        Assert.Equal(new FeatureMapShape(2, 3, 2), conv[3].OutputShape);
        Assert.Equal(new FeatureMapShape(3, 3, 3), ConvPoolNet64.Layers[1].OutputShape); // ⌊(7 − 3)/2⌋ + 1
        Assert.Equal(new FeatureMapShape(4, 1, 1), ConvPoolNet64.Layers[4].OutputShape);
        Assert.Equal(0, ConvPoolNet64.Layers[1].ParameterCount);
        Assert.Equal(12, conv[4].Inputs); // The dense head reads the 2×3×2 map flattened.
        Assert.Equal(4 * 2 * 9, conv[0].BiasOffset);
        Assert.Equal(-1, conv[2].BiasOffset);
        Assert.Equal(conv.Sum(l => l.ParameterCount), new ConvNet64(seed: 1).ParameterCount);
        int offset = 0;
        foreach (DynamicsLayer layer in conv)
        {
            Assert.Equal(offset, layer.WeightOffset);
            offset += layer.ParameterCount;
        }
    }

    [Fact]
    public void SeededConstructorInitialisesLikePyTorch()
    {
        var net = new ConvNet64(seed: 21);
        DynamicsLayer conv = ConvNet64.Layers[0], norm = ConvNet64.Layers[1];
        double bound = 1 / Math.Sqrt(2 * 3 * 3); // fan_in = in channels · kernel²
        ReadOnlySpan<double> theta = net.Parameters;
        for (int q = conv.WeightOffset; q < conv.WeightOffset + conv.ParameterCount; q++)
        {
            Assert.InRange(Math.Abs(theta[q]), 0, bound);
        }

        Assert.Contains(theta.Slice(conv.WeightOffset, conv.ParameterCount).ToArray(), v => Math.Abs(v) > bound / 2);
        Assert.All(theta.Slice(norm.WeightOffset, 4).ToArray(), v => Assert.Equal(1.0, v));
        Assert.All(theta.Slice(norm.BiasOffset, 4).ToArray(), v => Assert.Equal(0.0, v));
        Assert.Equal(theta.ToArray(), new ConvNet64(seed: 21).Parameters.ToArray());
    }

    [Fact]
    public void TheReadmeClassifierHasTheDocumentedShapes()
    {
        var net = new SmallCnn(seed: 1);
        Assert.Equal(784, net.Inputs);
        Assert.Equal(10, net.Outputs);
        Assert.Equal(new FeatureMapShape(8, 14, 14), SmallCnn.Layers[0].OutputShape);
        Assert.Equal(new FeatureMapShape(8, 7, 7), SmallCnn.Layers[1].OutputShape);
        Assert.Equal(8, SmallCnn.Layers[3].Inputs);
    }

    /// <summary>A network whose parameters are all drawn at random, so the group norms' γ and β are not 1 and 0.</summary>
    private static INetwork<double> Create(string name, int seed)
    {
        INetwork<double> net = name switch
        {
            "Conv" => new ConvNet64(seed),
            "ConvResidual" => new ConvResidualNet64(seed),
            "ConvPool" => new ConvPoolNet64(seed),
            "ConvDeep" => new ConvDeepNet64(seed),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        NetworkTestData.Uniform(new Random(seed), net.ParameterCount, 0.6).CopyTo(net.Parameters);
        return net;
    }

    private static ResidualBlock[] Blocks(string name) => name switch
    {
        "ConvResidual" => ConvResidualNet64.ResidualBlocks.ToArray(),
        "ConvDeep" => ConvDeepNet64.ResidualBlocks.ToArray(),
        _ => [],
    };

    /// <summary>Central differences of <paramref name="f"/> in each of <paramref name="count"/> variables, restoring each after.</summary>
    internal static double[] FiniteDifferences(Func<int, double> get, Action<int, double> set, int count, Func<double> f)
    {
        var gradient = new double[count];
        for (int i = 0; i < count; i++)
        {
            double value = get(i), h = 1e-6 * Math.Max(1, Math.Abs(value));
            set(i, value + h);
            double plus = f();
            set(i, value - h);
            double minus = f();
            set(i, value);
            gradient[i] = (plus - minus) / (2 * h);
        }

        return gradient;
    }
}
