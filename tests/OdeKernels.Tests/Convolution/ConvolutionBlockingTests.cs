using System;
using OdeKernels;
using OdeKernels.Tests.Networks;

namespace OdeKernels.Tests.Convolution;

/// <summary>
/// The generated convolution computes several outputs per pass with one accumulator each (issue 13): output channels
/// and columns in the forward pass, input channels in the input gradient, output × input channels in the weight
/// gradient. Each result must still be summed in exactly the documented order, so its bits equal those of the plain
/// one-result-at-a-time loops written here: the forward pass (bias, then channels c ascending, ky, kx ascending, over
/// the taps inside the input), the input gradient (o, ky, kx ascending over the taps that land on an output), the
/// weight gradient (oy, ox ascending) and the bias gradient (positions ascending). With <c>FusedMultiplyAdd = true</c>
/// each product-sum of every pass is one fused multiply-add in that order, so the fused network gives the bits of the
/// same loops with <see cref="Math.FusedMultiplyAdd(double, double, double)"/>.
/// </summary>
public sealed class ConvolutionBlockingTests
{
    [Fact]
    public void BlockedConvolutionGivesTheBitsOfThePerOutputLoop()
    {
        AssertForwardBits(new ConvBlockedNet64(seed: 2), ConvBlockedNet64.Layers);
        AssertForwardBits(new ConvOrderNet64(seed: 3), ConvOrderNet64.Layers);
    }

    [Fact]
    public void BlockedVjpGivesTheBitsOfThePerResultLoops()
    {
        AssertVjpBits(new ConvOrderNet64(seed: 5), ConvOrderNet64.Layers, fused: false);
        AssertVjpBits(new ConvStrideNet64(seed: 6), ConvStrideNet64.Layers, fused: false);
    }

    [Fact]
    public void FusedBlockedConvolutionGivesTheBitsOfTheFusedPerResultLoops()
    {
        AssertForwardBits(new ConvOrderNetFma64(seed: 3), ConvOrderNetFma64.Layers, fused: true);
        AssertVjpBits(new ConvOrderNetFma64(seed: 5), ConvOrderNetFma64.Layers, fused: true);
    }

    private static void AssertVjpBits<TNet>(TNet net, System.Collections.Generic.IReadOnlyList<DynamicsLayer> layers, bool fused)
        where TNet : INetwork<double>
    {
        NetworkTestData.Uniform(new Random(4), net.ParameterCount, 0.6).CopyTo(net.Parameters);
        var random = new Random(11);
        double[] theta = net.Parameters.ToArray();
        for (int sample = 0; sample < 4; sample++)
        {
            // One sample a call: θ's gradient is then this sample's sums, not a sum over lanes in another order.
            double[] x = NetworkTestData.Uniform(random, net.Inputs, 1.5);
            double[] a = NetworkTestData.Uniform(random, net.Outputs, 1.0);
            var dx = new double[net.Inputs];
            var dtheta = new double[net.ParameterCount];
            net.Vjp(x, a, dx, dtheta, 1);

            DynamicsLayer first = layers[0], second = layers[1];
            double[] hidden = PerOutput(first, theta, x, fused);
            var expectedTheta = new double[net.ParameterCount];
            double[] hiddenGradient = PerResultVjp(second, theta, hidden, a, expectedTheta, fused);
            double[] expectedDx = PerResultVjp(first, theta, x, hiddenGradient, expectedTheta, fused);
            AssertBits(expectedDx, dx, $"sample {sample}, dx");
            AssertBits(expectedTheta, dtheta, $"sample {sample}, dθ");
        }
    }

    private static void AssertForwardBits<TNet>(TNet net, System.Collections.Generic.IReadOnlyList<DynamicsLayer> layers, bool fused = false)
        where TNet : INetwork<double>
    {
        NetworkTestData.Uniform(new Random(2), net.ParameterCount, 0.6).CopyTo(net.Parameters);
        var random = new Random(9);
        const int Count = 21;
        double[] x = NetworkTestData.Uniform(random, Count * net.Inputs, 1.5);
        var y = new double[Count * net.Outputs];
        net.Forward(x, y, Count);
        for (int i = 0; i < Count; i++)
        {
            double[] value = x.AsSpan(i * net.Inputs, net.Inputs).ToArray();
            foreach (DynamicsLayer layer in layers)
            {
                value = PerOutput(layer, net.Parameters, value, fused);
            }

            AssertBits(value, y.AsSpan(i * net.Outputs, net.Outputs), $"sample {i}");
        }
    }

    /// <summary>Bit for bit, but +0 and −0 alike (a sum that starts at +0 may end at either where every term is 0).</summary>
    private static void AssertBits(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++)
        {
            bool same = BitConverter.DoubleToInt64Bits(expected[j]) == BitConverter.DoubleToInt64Bits(actual[j]) || (expected[j] == 0 && actual[j] == 0);
            Assert.True(same, $"{what}, element {j}: {expected[j]:R} expected, {actual[j]:R} generated");
        }
    }

    /// <summary>The input tap (y, x) of output (oy, ox) at kernel offset (ky, kx), or false where it is padding.</summary>
    private static bool Tap(DynamicsLayer layer, int oy, int ox, int ky, int kx, out int y, out int x)
    {
        y = (oy * layer.Stride) - layer.Padding + ky;
        x = (ox * layer.Stride) - layer.Padding + kx;
        return y >= 0 && y < layer.InputShape!.Height && x >= 0 && x < layer.InputShape.Width;
    }

    /// <summary>sum + a·b: two roundings, or one with <paramref name="fused"/>.</summary>
    private static double Add(double sum, double a, double b, bool fused) => fused ? Math.FusedMultiplyAdd(a, b, sum) : sum + (a * b);

    private static int Weight(DynamicsLayer layer, int o, int c, int ky, int kx) =>
        layer.WeightOffset + (((((o * layer.InputShape!.Channels) + c) * layer.Kernel) + ky) * layer.Kernel) + kx;

    private static int At(FeatureMapShape shape, int c, int y, int x) => (((c * shape.Height) + y) * shape.Width) + x;

    /// <summary>One output at a time, one accumulator, taps outside the input skipped (identity activation).</summary>
    private static double[] PerOutput(DynamicsLayer layer, ReadOnlySpan<double> theta, double[] x, bool fused)
    {
        FeatureMapShape input = layer.InputShape!, output = layer.OutputShape!;
        var z = new double[output.Size];
        for (int o = 0; o < output.Channels; o++)
        {
            for (int oy = 0; oy < output.Height; oy++)
            {
                for (int ox = 0; ox < output.Width; ox++)
                {
                    double sum = layer.Bias ? theta[layer.BiasOffset + o] : 0;
                    for (int c = 0; c < input.Channels; c++)
                    {
                        for (int ky = 0; ky < layer.Kernel; ky++)
                        {
                            for (int kx = 0; kx < layer.Kernel; kx++)
                            {
                                if (Tap(layer, oy, ox, ky, kx, out int yy, out int xx))
                                {
                                    sum = Add(sum, theta[Weight(layer, o, c, ky, kx)], x[At(input, c, yy, xx)], fused);
                                }
                            }
                        }
                    }

                    z[At(output, o, oy, ox)] = sum;
                }
            }
        }

        return z;
    }

    /// <summary>
    /// One result at a time: adds the layer's weight and bias gradients (for output gradient <paramref name="g"/> at
    /// input <paramref name="x"/>) to <paramref name="dtheta"/> and returns the input gradient, each summed from zero in
    /// the documented order (identity activation).
    /// </summary>
    private static double[] PerResultVjp(DynamicsLayer layer, ReadOnlySpan<double> theta, double[] x, double[] g, double[] dtheta, bool fused)
    {
        FeatureMapShape input = layer.InputShape!, output = layer.OutputShape!;
        for (int o = 0; o < output.Channels; o++)
        {
            if (layer.Bias)
            {
                double bias = 0;
                for (int e = 0; e < output.Height * output.Width; e++)
                {
                    bias += g[(o * output.Height * output.Width) + e];
                }

                dtheta[layer.BiasOffset + o] += bias;
            }

            for (int c = 0; c < input.Channels; c++)
            {
                for (int ky = 0; ky < layer.Kernel; ky++)
                {
                    for (int kx = 0; kx < layer.Kernel; kx++)
                    {
                        double sum = 0;
                        for (int oy = 0; oy < output.Height; oy++)
                        {
                            for (int ox = 0; ox < output.Width; ox++)
                            {
                                if (Tap(layer, oy, ox, ky, kx, out int yy, out int xx))
                                {
                                    sum = Add(sum, g[At(output, o, oy, ox)], x[At(input, c, yy, xx)], fused);
                                }
                            }
                        }

                        dtheta[Weight(layer, o, c, ky, kx)] += sum;
                    }
                }
            }
        }

        var dx = new double[input.Size];
        for (int c = 0; c < input.Channels; c++)
        {
            for (int iy = 0; iy < input.Height; iy++)
            {
                for (int ix = 0; ix < input.Width; ix++)
                {
                    double sum = 0;
                    for (int o = 0; o < output.Channels; o++)
                    {
                        for (int ky = 0; ky < layer.Kernel; ky++)
                        {
                            int ny = iy + layer.Padding - ky;
                            for (int kx = 0; kx < layer.Kernel; kx++)
                            {
                                int nx = ix + layer.Padding - kx;
                                if (ny >= 0 && nx >= 0 && ny % layer.Stride == 0 && nx % layer.Stride == 0 && ny / layer.Stride < output.Height && nx / layer.Stride < output.Width)
                                {
                                    sum = Add(sum, theta[Weight(layer, o, c, ky, kx)], g[At(output, o, ny / layer.Stride, nx / layer.Stride)], fused);
                                }
                            }
                        }
                    }

                    dx[At(input, c, iy, ix)] = sum;
                }
            }
        }

        return dx;
    }
}
