using System;
using System.Linq;
using OdeKernels.Tests.Networks;

namespace OdeKernels.Tests.Convolution;

/// <summary>
/// <c>FusedMultiplyAdd = true</c> on convolutions: the forward pass, the input gradient (at stride 1 and at stride 2)
/// and the weight gradient all fuse (each differs from its unfused twin's bits somewhere and
/// agrees with it to rounding), f matches the float64 reference and the VJP float64 central differences, and a lane's
/// results do not depend on its position in the batch.
/// </summary>
public sealed class ConvolutionFusedMultiplyAddTests
{
    [Fact]
    public void EveryPassOfAFusedConvolutionDiffersFromTheUnfusedInTheLastBitsOnly()
    {
        var plain = new ConvOrderNet64(seed: 3);
        NetworkTestData.Uniform(new Random(4), plain.ParameterCount, 0.6).CopyTo(plain.Parameters);
        var fused = new ConvOrderNetFma64(plain.Parameters);
        var random = new Random(12);
        const int Count = 9;
        double[] x = NetworkTestData.Uniform(random, Count * plain.Inputs, 1.5), a = NetworkTestData.Uniform(random, Count * plain.Outputs, 1.0);
        (double[] y, double[] dx, double[] dtheta) Run(INetwork<double> net)
        {
            var y = new double[Count * net.Outputs];
            var dx = new double[Count * net.Inputs];
            var dtheta = new double[net.ParameterCount];
            net.Forward(x, y, Count);
            net.Vjp(x, a, dx, dtheta, Count);
            return (y, dx, dtheta);
        }

        var (y1, dx1, g1) = Run(plain);
        var (y2, dx2, g2) = Run(fused);
        NetworkTestData.AssertClose(y1, y2, 1e-12, "y");
        NetworkTestData.AssertClose(dx1, dx2, 1e-12, "dx");
        NetworkTestData.AssertClose(g1, g2, 1e-12, "dθ");
        Assert.Contains(Enumerable.Range(0, y1.Length), i => y1[i] != y2[i]);
        Assert.Contains(Enumerable.Range(0, dx1.Length), i => dx1[i] != dx2[i]);

        // The weight gradients of each convolution (the first: stride 1; the second: stride 2, no bias).
        DynamicsLayer first = ConvOrderNet64.Layers[0], second = ConvOrderNet64.Layers[1];
        Assert.Contains(Enumerable.Range(first.WeightOffset, first.OutputShape!.Channels * first.WeightColumns), q => g1[q] != g2[q]);
        Assert.Contains(Enumerable.Range(second.WeightOffset, second.OutputShape!.Channels * second.WeightColumns), q => g1[q] != g2[q]);
    }

    [Fact]
    public void AFusedConvolutionalFieldMatchesTheFloat64ReferenceAndFiniteDifferences()
    {
        var field = new ConvFieldFma64(seed: 2);
        NetworkTestData.Uniform(new Random(field.ParameterCount), field.ParameterCount, 0.5).CopyTo(field.Parameters);
        var random = new Random(3);
        double t = 0.7;
        double[] y = NetworkTestData.Uniform(random, field.StateSize, 1.5), a = NetworkTestData.Uniform(random, field.StateSize, 1.0);
        var f = new double[field.StateSize];
        field.Evaluate(t, y, f);
        NetworkTestData.AssertClose(ConvolutionReference.Forward(ConvFieldFma64.Layers, [], field.Parameters, y, t), f, 1e-12, "f");
        ConvolutionDynamicsTests.AssertVjpMatchesFiniteDifferences(field, t, y, a);
    }

    [Fact]
    public void AFusedLaneGivesTheSameBitsAtLane0AndLane37() =>
        ConvolutionDynamicsTests.AssertLanePositionIndependent(new ConvFieldFma32(seed: 8));
}
