using System;
using System.Collections.Generic;
using OdeKernels;

namespace OdeKernels.Tests.Networks;

/// <summary>
/// A plain, scalar, float64 implementation of a discrete network with residual blocks, written from the documented
/// conventions (per dense layer weight [outputs, inputs] row-major then bias; a block adds its input to the output of
/// its last layer) and the textbook activations with <see cref="Math"/> functions. Generated networks are checked
/// against it; it reads nothing from the generated code.
/// </summary>
internal sealed class PlainNetwork
{
    private readonly List<(bool Dense, int Outputs, Activation Activation, bool Bias)> _layers = [];
    private readonly List<(int First, int Count)> _blocks = [];

    public PlainNetwork(int inputs) => Inputs = inputs;

    public int Inputs { get; }

    public static PlainNetwork ResidualNet => new PlainNetwork(3)
        .Dense(8, Activation.Tanh)
        .Block(2).Dense(8, Activation.Softplus).Dense(8)
        .Pointwise(Activation.Sin)
        .Block(1).Dense(8, Activation.Sigmoid)
        .Dense(2);

    public static PlainNetwork EdgeBlocks => new PlainNetwork(3)
        .Block(2).Pointwise(Activation.Cube).Dense(3, Activation.Gelu)
        .Dense(4, Activation.Silu, bias: false)
        .Block(1).Dense(4, Activation.Tanh);

    public static PlainNetwork Plain => new PlainNetwork(2).Dense(5, Activation.Gelu).Dense(3, Activation.Silu, bias: false).Dense(4);

    public PlainNetwork Dense(int outputs, Activation activation = Activation.Identity, bool bias = true)
    {
        _layers.Add((true, outputs, activation, bias));
        return this;
    }

    public PlainNetwork Pointwise(Activation activation)
    {
        _layers.Add((false, 0, activation, false));
        return this;
    }

    /// <summary>The next <paramref name="count"/> layers added form a residual block.</summary>
    public PlainNetwork Block(int count)
    {
        _blocks.Add((_layers.Count, count));
        return this;
    }

    public double[] Forward(ReadOnlySpan<double> theta, ReadOnlySpan<double> x)
    {
        double[] value = x.ToArray();
        double[]? blockInput = null;
        int offset = 0;
        for (int k = 0; k < _layers.Count; k++)
        {
            foreach ((int first, _) in _blocks)
            {
                if (first == k)
                {
                    blockInput = (double[])value.Clone();
                }
            }

            (bool dense, int outputs, Activation activation, bool bias) = _layers[k];
            if (dense)
            {
                int inputs = value.Length;
                var z = new double[outputs];
                for (int o = 0; o < outputs; o++)
                {
                    double sum = 0;
                    for (int j = 0; j < inputs; j++)
                    {
                        sum += theta[offset + (o * inputs) + j] * value[j];
                    }

                    z[o] = sum + (bias ? theta[offset + (outputs * inputs) + o] : 0);
                }

                offset += (outputs * inputs) + (bias ? outputs : 0);
                value = z;
            }

            for (int c = 0; c < value.Length; c++)
            {
                value[c] = Apply(activation, value[c]);
            }

            foreach ((int first, int count) in _blocks)
            {
                if (first + count - 1 == k)
                {
                    for (int c = 0; c < value.Length; c++)
                    {
                        value[c] += blockInput![c];
                    }
                }
            }
        }

        return value;
    }

    public static double Apply(Activation activation, double x) => activation switch
    {
        Activation.Identity => x,
        Activation.Tanh => Math.Tanh(x),
        Activation.Relu => Math.Max(x, 0),
        Activation.Softplus => Math.Log(1 + Math.Exp(x)),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.Silu => x / (1 + Math.Exp(-x)),
        Activation.Gelu => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x)))),
        Activation.Sin => Math.Sin(x),
        Activation.Cube => x * x * x,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
