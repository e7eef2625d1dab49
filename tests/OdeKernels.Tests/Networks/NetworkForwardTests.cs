using System;
using System.Linq;
using OdeKernels;

namespace OdeKernels.Tests.Networks;

/// <summary>The generated forward pass against a plain float64 implementation, and the generated layer description.</summary>
public sealed class NetworkForwardTests
{
    [Theory]
    [MemberData(nameof(NetworkTestData.DoubleNetworks), MemberType = typeof(NetworkTestData))]
    public void ForwardMatchesPlainImplementation(string name)
    {
        (INetwork<double> net, PlainNetwork reference) = NetworkTestData.Double(name, seed: 3);
        var random = new Random(5);
        const int Count = 37;
        double[] x = NetworkTestData.Uniform(random, Count * net.Inputs, 2.0);
        var y = new double[Count * net.Outputs];
        net.Forward(x, y, Count);
        for (int s = 0; s < Count; s++)
        {
            double[] expected = reference.Forward(net.Parameters, x.AsSpan(s * net.Inputs, net.Inputs));
            NetworkTestData.AssertClose(expected, y.AsSpan(s * net.Outputs, net.Outputs), 1e-13, $"{name}, sample {s}");
        }
    }

    [Fact]
    public void LayersAndBlocksDescribeTheDeclaration()
    {
        Assert.Equal(6, ResidualNet64.Layers.Count);
        Assert.Equal([new ResidualBlock(1, 2, 8), new ResidualBlock(4, 1, 8)], ResidualNet64.ResidualBlocks);
        var net = new ResidualNet64(seed: 0);
        Assert.Equal(3, net.Inputs);
        Assert.Equal(2, net.Outputs);
        Assert.Equal((8 * 3) + 8 + (8 * 8) + 8 + (8 * 8) + 8 + (8 * 8) + 8 + (2 * 8) + 2, net.ParameterCount);
        Assert.Equal(net.ParameterCount, ResidualNet64.Layers.Sum(l => l.ParameterCount));
        Assert.Same(ResidualNet64.Layers, ((INetwork<double>)net).Layers);
    }

    [Fact]
    public void InitialisationIsPyTorchsUniformAndSeeded()
    {
        var a = new ResidualNet64(seed: 11);
        var b = new ResidualNet64(seed: 11);
        var c = new ResidualNet64(seed: 12);
        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        Assert.False(a.Parameters.SequenceEqual(c.Parameters));
        foreach (DynamicsLayer layer in ResidualNet64.Layers.Where(l => l.Kind == DynamicsLayerKind.Dense))
        {
            double bound = 1 / Math.Sqrt(layer.Inputs);
            foreach (double v in a.Parameters.Slice(layer.WeightOffset, layer.ParameterCount))
            {
                Assert.InRange(v, -bound, bound);
            }
        }
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var net = new ResidualNet64(seed: 0);
        Assert.Throws<ArgumentException>(() => net.Forward(new double[5], new double[4], 2));
        Assert.Throws<ArgumentException>(() => net.Forward(new double[6], new double[3], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Forward(new double[6], new double[4], -1));
        Assert.Throws<ArgumentException>(() => net.Vjp(new double[6], new double[4], default, new double[3], 2));
        Assert.Throws<ArgumentException>(() => new ResidualNet64(new double[3]));
        double[] nan = new double[net.ParameterCount];
        nan[4] = double.NaN;
        Assert.Throws<ArgumentException>(() => new ResidualNet64(nan));
    }
}
