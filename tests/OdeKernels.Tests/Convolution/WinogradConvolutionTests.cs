using System;
using OdeKernels;
using OdeKernels.Tests.Networks;

namespace OdeKernels.Tests.Convolution;

/// <summary>
/// Convolutions declared with <c>Algorithm = ConvolutionAlgorithm.Winograd</c> (F(4×4, 3×3)): the forward pass against
/// the direct float64 <see cref="ConvolutionReference"/> (the transforms are exact in exact arithmetic, so only
/// rounding separates them), the input and parameter gradients against central finite differences, a lane's bits
/// independent of its place in the batch, and the per-thread transformed weights following every change of the
/// parameters.
/// </summary>
public sealed class WinogradConvolutionTests
{
    [Fact]
    public void DynamicsMatchTheFloat64ReferenceOnPartialTiles() =>
        ConvolutionDynamicsTests.AssertBatchMatchesTheReference(Randomised(new WinogradField64(seed: 2)));

    [Fact]
    public void DynamicsVjpMatchesFiniteDifferences()
    {
        var field = Randomised(new WinogradField64(seed: 5));
        var random = new Random(7);
        ConvolutionDynamicsTests.AssertVjpMatchesFiniteDifferences(
            field, 0.7, NetworkTestData.Uniform(random, field.StateSize, 1.5), NetworkTestData.Uniform(random, field.StateSize, 1.0));
    }

    [Fact]
    public void ALaneGivesTheSameBitsAtLane0AndLane37() => ConvolutionDynamicsTests.AssertLanePositionIndependent(new WinogradField32(seed: 8));

    [Fact]
    public void NetworkWithPadding0And2MatchesTheReferenceAndFiniteDifferences()
    {
        var net = new WinogradNet64(seed: 3);
        ConvolutionNetworkTests.AssertForwardMatchesTheReference(net, [], nameof(WinogradNet64));

        var random = new Random(5);
        double[] point = NetworkTestData.Uniform(random, net.Inputs, 1.5);
        double[] a = NetworkTestData.Uniform(random, net.Outputs, 1.0);
        var dx = new double[net.Inputs];
        var dtheta = new double[net.ParameterCount];
        net.Vjp(point, a, dx, dtheta, 1);
        NetworkTestData.AssertClose(
            ConvolutionNetworkTests.FiniteDifferences(i => point[i], (i, v) => point[i] = v, net.Inputs, () => NetworkVjpTests.Dot(net, point, a)), dx, 1e-7, "dx");
        NetworkTestData.AssertClose(
            ConvolutionNetworkTests.FiniteDifferences(q => net.Parameters[q], (q, v) => net.Parameters[q] = v, net.ParameterCount, () => NetworkVjpTests.Dot(net, point, a)),
            dtheta,
            1e-7,
            "dtheta");
    }

    [Fact]
    public void TheTransformedWeightsFollowEveryChangeOfTheParameters()
    {
        // Two instances with different weights, called in turn on one thread, and one of them changed in place between
        // calls (as an optimizer step does): each result must be its current parameters' reference, never a stale
        // transform of the other's or of its own earlier weights.
        var first = Randomised(new WinogradField64(seed: 11));
        var second = Randomised(new WinogradField64(seed: 12), new Random(99));
        var random = new Random(13);
        double[] y = NetworkTestData.Uniform(random, first.StateSize, 1.5);
        var f = new double[first.StateSize];
        void Check(WinogradField64 field, string what)
        {
            field.Evaluate(0.3, y, f);
            NetworkTestData.AssertClose(ConvolutionReference.Forward(WinogradField64.Layers, [], field.Parameters, y, 0.3), f, 1e-12, what);
        }

        Check(first, "first");
        Check(second, "second");
        Check(first, "first again");
        int weight = WinogradField64.Layers[2].WeightOffset + 7; // one tap of the first convolution
        first.Parameters[weight] += 0.25;
        Check(first, "first after one weight changed");
        first.Parameters[weight] = -0.0;
        Check(first, "first with a negative zero weight");
    }

    private static WinogradField64 Randomised(WinogradField64 field, Random? random = null)
    {
        NetworkTestData.Uniform(random ?? new Random(field.ParameterCount), field.ParameterCount, 0.5).CopyTo(field.Parameters);
        return field;
    }
}
