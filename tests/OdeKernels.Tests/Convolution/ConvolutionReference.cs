using System;
using System.Collections.Generic;
using OdeKernels;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Convolution;

/// <summary>
/// A float64 reference for stacks of dense, pointwise, convolution and group-norm layers, for one sample, written
/// independently of the generator: it reads only the public <see cref="DynamicsLayer"/> table and the parameters,
/// pads each input channel into a zero-bordered copy and convolves by the textbook sum (PyTorch's definition,
/// cross-correlation), and normalises a group from its mean and biased variance. The generated kernels instead clip
/// the kernel at the border and run SIMD across lanes; the two agree only if both implement PyTorch's layers.
/// </summary>
internal static class ConvolutionReference
{
    /// <summary>The stack applied to <paramref name="x"/>, with t for time inputs and residual blocks y + g(y).</summary>
    public static double[] Forward(IReadOnlyList<DynamicsLayer> layers, IReadOnlyList<ResidualBlock> blocks, ReadOnlySpan<double> theta, double[] x, double t = 0)
    {
        double[] value = x;
        var blockInputs = new Dictionary<int, double[]>();
        for (int k = 0; k < layers.Count; k++)
        {
            foreach (ResidualBlock block in blocks)
            {
                if (block.FirstLayer == k)
                {
                    blockInputs[k] = value;
                }
            }

            value = Layer(layers[k], theta, value, t);
            foreach (ResidualBlock block in blocks)
            {
                if (block.FirstLayer + block.LayerCount - 1 == k)
                {
                    double[] y = blockInputs[block.FirstLayer], sum = new double[value.Length];
                    for (int i = 0; i < sum.Length; i++)
                    {
                        sum[i] = y[i] + value[i];
                    }

                    value = sum;
                }
            }
        }

        return value;
    }

    private static double[] Layer(DynamicsLayer layer, ReadOnlySpan<double> theta, double[] x, double t)
    {
        double[] z = layer.Kind switch
        {
            DynamicsLayerKind.Dense => Dense(layer, theta, x, t),
            DynamicsLayerKind.Pointwise => (double[])x.Clone(),
            DynamicsLayerKind.Conv2d => Convolution(layer, theta, x, t),
            DynamicsLayerKind.GroupNorm => GroupNorm(layer, theta, x),
            DynamicsLayerKind.AvgPool2d => Pool(layer.InputShape!, layer.OutputShape!, layer.Kernel, layer.Kernel, layer.Stride, x),
            DynamicsLayerKind.GlobalAvgPool2d => Pool(layer.InputShape!, layer.OutputShape!, layer.InputShape!.Height, layer.InputShape.Width, 1, x),
            _ => throw new NotSupportedException(layer.Kind.ToString()),
        };
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = ActivationReference.Value(layer.Activation, z[i]);
        }

        return z;
    }

    private static double[] Dense(DynamicsLayer layer, ReadOnlySpan<double> theta, double[] x, double t)
    {
        var z = new double[layer.Outputs];
        for (int o = 0; o < layer.Outputs; o++)
        {
            double sum = layer.Bias ? theta[layer.BiasOffset + o] : 0;
            for (int j = 0; j < layer.Inputs; j++)
            {
                sum += theta[layer.WeightOffset + (o * layer.WeightColumns) + j] * x[j];
            }

            if (layer.TimeInput)
            {
                sum += theta[layer.WeightOffset + (o * layer.WeightColumns) + layer.Inputs] * t;
            }

            z[o] = sum;
        }

        return z;
    }

    private static double[] Convolution(DynamicsLayer layer, ReadOnlySpan<double> theta, double[] x, double t)
    {
        FeatureMapShape input = layer.InputShape!, output = layer.OutputShape!;
        int k = layer.Kernel, s = layer.Stride, p = layer.Padding;

        // The input as ConcatConv2d sees it: [t-channel ;] x, each channel zero-padded by p on every side.
        int channels = input.Channels + (layer.TimeInput ? 1 : 0), height = input.Height + (2 * p), width = input.Width + (2 * p);
        var padded = new double[channels, height, width];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < input.Height; y++)
            {
                for (int xx = 0; xx < input.Width; xx++)
                {
                    padded[c, y + p, xx + p] = layer.TimeInput && c == 0 ? t : x[((((layer.TimeInput ? c - 1 : c) * input.Height) + y) * input.Width) + xx];
                }
            }
        }

        var z = new double[output.Size];
        for (int o = 0; o < output.Channels; o++)
        {
            for (int oy = 0; oy < output.Height; oy++)
            {
                for (int ox = 0; ox < output.Width; ox++)
                {
                    double sum = layer.Bias ? theta[layer.BiasOffset + o] : 0;
                    for (int c = 0; c < channels; c++)
                    {
                        for (int ky = 0; ky < k; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                double weight = theta[layer.WeightOffset + (((((o * channels) + c) * k) + ky) * k) + kx];
                                sum += weight * padded[c, (oy * s) + ky, (ox * s) + kx];
                            }
                        }
                    }

                    z[(((o * output.Height) + oy) * output.Width) + ox] = sum;
                }
            }
        }

        return z;
    }

    private static double[] Pool(FeatureMapShape input, FeatureMapShape output, int windowHeight, int windowWidth, int stride, double[] x)
    {
        var z = new double[output.Size];
        for (int c = 0; c < output.Channels; c++)
        {
            for (int oy = 0; oy < output.Height; oy++)
            {
                for (int ox = 0; ox < output.Width; ox++)
                {
                    double sum = 0;
                    for (int ky = 0; ky < windowHeight; ky++)
                    {
                        for (int kx = 0; kx < windowWidth; kx++)
                        {
                            sum += x[(((c * input.Height) + (oy * stride) + ky) * input.Width) + (ox * stride) + kx];
                        }
                    }

                    z[(((c * output.Height) + oy) * output.Width) + ox] = sum / (windowHeight * windowWidth);
                }
            }
        }

        return z;
    }

    private static double[] GroupNorm(DynamicsLayer layer, ReadOnlySpan<double> theta, double[] x)
    {
        FeatureMapShape shape = layer.InputShape!;
        int perGroup = shape.Channels / layer.Groups, plane = shape.Height * shape.Width, n = perGroup * plane;
        var z = new double[x.Length];
        for (int g = 0; g < layer.Groups; g++)
        {
            double mean = 0, variance = 0;
            for (int e = 0; e < n; e++)
            {
                mean += x[(g * n) + e];
            }

            mean /= n;
            for (int e = 0; e < n; e++)
            {
                variance += (x[(g * n) + e] - mean) * (x[(g * n) + e] - mean);
            }

            variance /= n;
            for (int e = 0; e < n; e++)
            {
                int channel = (g * perGroup) + (e / plane);
                z[(g * n) + e] = (((x[(g * n) + e] - mean) / Math.Sqrt(variance + 1e-5)) * theta[layer.WeightOffset + channel]) + theta[layer.BiasOffset + channel];
            }
        }

        return z;
    }
}
