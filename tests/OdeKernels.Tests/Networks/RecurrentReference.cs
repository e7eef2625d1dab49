using System;

namespace OdeKernels.Tests.Networks;

/// <summary>
/// Plain float64 recurrent cells written from PyTorch's documentation of <c>nn.GRUCell</c> and <c>nn.RNNCell</c>, with
/// loops over explicit indices and no code shared with the generator: θ = weight_ih [G·H, I], weight_hh [G·H, H],
/// then (with bias) bias_ih [G·H], bias_hh [G·H], row-major; a sample is [x ; h].
/// </summary>
internal sealed record RecurrentReference(bool IsGru, int Inputs, int Hidden, bool Bias, Func<double, double> Activation)
{
    public static RecurrentReference Gru(int inputs, int hidden, bool bias = true) => new(true, inputs, hidden, bias, Math.Tanh);

    public static RecurrentReference Rnn(int inputs, int hidden, Func<double, double> activation, bool bias = true) => new(false, inputs, hidden, bias, activation);

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    public static double Relu(double x) => Math.Max(0, x);

    private int Gates => IsGru ? 3 : 1;

    public int ParameterCount => (Gates * Hidden * (Inputs + Hidden)) + (Bias ? 2 * Gates * Hidden : 0);

    /// <summary>h' for one sample [x ; h] (length I + H).</summary>
    public double[] Step(ReadOnlySpan<double> theta, ReadOnlySpan<double> sample)
    {
        int rows = Gates * Hidden, wih = 0, whh = rows * Inputs, bih = whh + (rows * Hidden), bhh = bih + rows;
        var gi = new double[rows];
        var gh = new double[rows];
        for (int g = 0; g < rows; g++)
        {
            double a = Bias ? theta[bih + g] : 0, b = Bias ? theta[bhh + g] : 0;
            for (int j = 0; j < Inputs; j++)
            {
                a += theta[wih + (g * Inputs) + j] * sample[j];
            }

            for (int j = 0; j < Hidden; j++)
            {
                b += theta[whh + (g * Hidden) + j] * sample[Inputs + j];
            }

            gi[g] = a;
            gh[g] = b;
        }

        var next = new double[Hidden];
        for (int c = 0; c < Hidden; c++)
        {
            if (!IsGru)
            {
                next[c] = Activation(gi[c] + gh[c]);
                continue;
            }

            double r = Sigmoid(gi[c] + gh[c]);
            double z = Sigmoid(gi[Hidden + c] + gh[Hidden + c]);
            double n = Math.Tanh(gi[(2 * Hidden) + c] + (r * gh[(2 * Hidden) + c]));
            next[c] = ((1 - z) * n) + (z * sample[Inputs + c]);
        }

        return next;
    }
}
