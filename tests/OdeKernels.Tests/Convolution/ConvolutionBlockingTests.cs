using System;
using OdeKernels;
using OdeKernels.Tests.Networks;

namespace OdeKernels.Tests.Convolution;

/// <summary>
/// The generated convolution computes several output channels per pass with one accumulator each (issue 13); each
/// output must still be summed in exactly the documented order (bias, then channels c ascending, ky, kx ascending, over
/// the taps inside the input), so its bits equal those of the plain one-output-at-a-time loop written here.
/// </summary>
public sealed class ConvolutionBlockingTests
{
    [Fact]
    public void BlockedConvolutionGivesTheBitsOfThePerOutputLoop()
    {
        var net = new ConvBlockedNet64(seed: 2);
        NetworkTestData.Uniform(new Random(2), net.ParameterCount, 0.6).CopyTo(net.Parameters);
        var random = new Random(9);
        const int Count = 21;
        double[] x = NetworkTestData.Uniform(random, Count * net.Inputs, 1.5);
        var y = new double[Count * net.Outputs];
        net.Forward(x, y, Count);
        for (int i = 0; i < Count; i++)
        {
            double[] value = x.AsSpan(i * net.Inputs, net.Inputs).ToArray();
            foreach (DynamicsLayer layer in ConvBlockedNet64.Layers)
            {
                value = PerOutput(layer, net.Parameters, value);
            }

            for (int j = 0; j < net.Outputs; j++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(value[j]) == BitConverter.DoubleToInt64Bits(y[(i * net.Outputs) + j]),
                    $"sample {i}, output {j}: {value[j]:R} expected, {y[(i * net.Outputs) + j]:R} generated");
            }
        }
    }

    /// <summary>One output at a time, one accumulator, taps outside the input skipped (identity activation).</summary>
    private static double[] PerOutput(DynamicsLayer layer, ReadOnlySpan<double> theta, double[] x)
    {
        FeatureMapShape input = layer.InputShape!, output = layer.OutputShape!;
        int k = layer.Kernel;
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
                        for (int ky = 0; ky < k; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                int yy = (oy * layer.Stride) - layer.Padding + ky, xx = (ox * layer.Stride) - layer.Padding + kx;
                                if (yy >= 0 && yy < input.Height && xx >= 0 && xx < input.Width)
                                {
                                    sum += theta[layer.WeightOffset + (((((o * input.Channels) + c) * k) + ky) * k) + kx] * x[(((c * input.Height) + yy) * input.Width) + xx];
                                }
                            }
                        }
                    }

                    z[(((o * output.Height) + oy) * output.Width) + ox] = sum;
                }
            }
        }

        return z;
    }
}
