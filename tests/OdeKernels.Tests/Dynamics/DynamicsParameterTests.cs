using System;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>Parameter counts, the seeded PyTorch-style initialisation and the copying constructor.</summary>
public sealed class DynamicsParameterTests
{
    [Fact]
    public void ParameterCountsFollowTheLayout()
    {
        Assert.Equal(252, new SpiralNet(seed: 0).ParameterCount); // 2·50 + 50 + 50·2 + 2
        Assert.Equal(252, new SpiralNet64(seed: 0).ParameterCount);
        Assert.Equal(101, new TimeNet64(seed: 0).ParameterCount); // 7·4 + 7 + 5·8 + 5 + 3·6 + 3
        Assert.Equal(24, new NoBiasNet64(seed: 0).ParameterCount); // 6·2 + 2·6
        Assert.Equal(252, new SpiralNet(seed: 0).Parameters.Length);
        Assert.Equal(2, new SpiralNet(seed: 0).StateSize);
    }

    [Fact]
    public void SplitMix64MatchesTheReferenceSequence()
    {
        // The first outputs of Vigna's splitmix64.c from state 0.
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void InitialisationIsReproducibleAndDependsOnTheSeed()
    {
        Assert.Equal(new SpiralNet(seed: 42).Parameters.ToArray(), new SpiralNet(seed: 42).Parameters.ToArray());
        Assert.NotEqual(new SpiralNet(seed: 42).Parameters.ToArray(), new SpiralNet(seed: 43).Parameters.ToArray());
        Assert.NotEqual(new SpiralNet(seed: 0).Parameters.ToArray(), new SpiralNet(seed: -1).Parameters.ToArray());

        // The contract: parameter q is the q-th draw of SplitMix64(seed), scaled to ±1/√fan_in of its layer.
        var random = new SplitMix64(unchecked((ulong)(long)-5));
        var expected = new double[252];
        random.FillUniform<double>(expected.AsSpan(0, 150), 1 / Math.Sqrt(2));
        random.FillUniform<double>(expected.AsSpan(150), 1 / Math.Sqrt(50));
        Assert.Equal(expected, new SpiralNet64(seed: -5).Parameters.ToArray());
    }

    [Fact]
    public void InitialisationIsUniformWithinPyTorchBounds()
    {
        CheckBounds(new SpiralNet(seed: 9), SpiralNet.Layers);
        CheckBounds(new TimeNet(seed: 9), TimeNet.Layers);
        CheckBounds(new MixedNet(seed: 9), MixedNet.Layers);
    }

    [Fact]
    public void ParametersAreCopiedAndChecked()
    {
        var values = new float[252];
        values[7] = 3;
        var net = new SpiralNet(values);
        values[7] = 4;
        Assert.Equal(3f, net.Parameters[7]);
        net.Parameters[8] = 5;
        Assert.Equal(5f, net.Parameters[8]);

        Assert.Throws<ArgumentException>("parameters", () => new SpiralNet(new float[251]));
        values[100] = float.NaN;
        Assert.Throws<ArgumentException>("parameters", () => new SpiralNet(values));
        values[100] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>("parameters", () => new SpiralNet(values));
    }

    private static void CheckBounds(IDifferentiableSystem<float> net, System.Collections.Generic.IReadOnlyList<DynamicsLayer> layers)
    {
        ReadOnlySpan<float> theta = net.Parameters;
        int covered = 0;
        foreach (DynamicsLayer layer in layers)
        {
            if (layer.Kind != DynamicsLayerKind.Dense)
            {
                continue;
            }

            Assert.Equal(covered, layer.WeightOffset);
            float bound = (float)(1 / Math.Sqrt(layer.WeightColumns));
            ReadOnlySpan<float> values = theta.Slice(layer.WeightOffset, layer.ParameterCount);
            double sum = 0, largest = 0;
            foreach (float v in values)
            {
                Assert.True(Math.Abs(v) <= bound, $"{v} outside ±{bound}");
                sum += v;
                largest = Math.Max(largest, Math.Abs(v));
            }

            // Uniform on ±bound: the mean is near 0 (4 standard errors) and the largest draw near the bound.
            Assert.True(Math.Abs(sum / values.Length) <= 4 * bound / Math.Sqrt(3 * values.Length), $"mean {sum / values.Length}");
            Assert.True(largest >= bound * (1 - (8.0 / values.Length)), $"largest {largest} of {values.Length} vs bound {bound}");
            covered += layer.ParameterCount;
        }

        Assert.Equal(theta.Length, covered);
    }
}
