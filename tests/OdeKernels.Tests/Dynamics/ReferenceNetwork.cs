using System;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>One layer as a test declares it by hand (not read from the generated code).</summary>
/// <param name="Dense">Dense (true) or pointwise (false).</param>
/// <param name="Outputs">The width of a dense layer (ignored for pointwise layers).</param>
/// <param name="Activation">The nonlinearity.</param>
/// <param name="Bias">Whether a dense layer has a bias.</param>
internal sealed record ReferenceLayer(bool Dense, int Outputs, Activation Activation, bool Bias = true)
{
    public static ReferenceLayer Linear(int outputs, Activation activation = Activation.Identity, bool bias = true) => new(true, outputs, activation, bias);

    public static ReferenceLayer Pointwise(Activation activation) => new(false, 0, activation, false);
}

/// <summary>
/// A plain, scalar, float64 implementation of a dynamics network, written from the documented parameter layout
/// (PyTorch's nn.Linear: per dense layer weight [outputs, inputs (+1 for t, last)] row-major, then bias) and the
/// textbook activation formulas with <see cref="Math"/> functions. The generated kernels are checked against it.
/// </summary>
internal sealed class ReferenceNetwork
{
    private readonly ReferenceLayer[] _layers;

    public ReferenceNetwork(int stateSize, bool timeInput, params ReferenceLayer[] layers)
    {
        StateSize = stateSize;
        TimeInput = timeInput;
        _layers = layers;
        int width = stateSize, count = 0;
        foreach (ReferenceLayer layer in layers)
        {
            if (layer.Dense)
            {
                count += (layer.Outputs * (width + (timeInput ? 1 : 0))) + (layer.Bias ? layer.Outputs : 0);
                width = layer.Outputs;
            }
        }

        ParameterCount = count;
    }

    public int StateSize { get; }

    public bool TimeInput { get; }

    public int ParameterCount { get; }

    public static ReferenceNetwork Spiral => new(2, false, ReferenceLayer.Pointwise(Activation.Cube), ReferenceLayer.Linear(50, Activation.Tanh), ReferenceLayer.Linear(2));

    public static ReferenceNetwork Time => new(3, true, ReferenceLayer.Linear(7, Activation.Softplus), ReferenceLayer.Linear(5, Activation.Tanh), ReferenceLayer.Linear(3));

    public static ReferenceNetwork Block => new(3, true, ReferenceLayer.Linear(20, Activation.Softplus), ReferenceLayer.Linear(12, Activation.Tanh), ReferenceLayer.Linear(3));

    public static ReferenceNetwork NoBias => new(2, false, ReferenceLayer.Linear(6, Activation.Sigmoid, bias: false), ReferenceLayer.Linear(2, bias: false));

    public static ReferenceNetwork PointwiseMix => new(2, false, ReferenceLayer.Linear(4), ReferenceLayer.Pointwise(Activation.Silu), ReferenceLayer.Linear(2, Activation.Tanh), ReferenceLayer.Pointwise(Activation.Sin));

    public static ReferenceNetwork Mixed => new(
        2,
        false,
        ReferenceLayer.Linear(9, Activation.Gelu),
        ReferenceLayer.Pointwise(Activation.Sin),
        ReferenceLayer.Linear(8, Activation.Silu),
        ReferenceLayer.Pointwise(Activation.Softplus),
        ReferenceLayer.Linear(7, Activation.Relu),
        ReferenceLayer.Pointwise(Activation.Sigmoid),
        ReferenceLayer.Linear(6, Activation.Cube),
        ReferenceLayer.Pointwise(Activation.Tanh),
        ReferenceLayer.Linear(2));

    public static ReferenceNetwork OneHidden(Activation activation) => new(1, false, ReferenceLayer.Linear(3, activation), ReferenceLayer.Linear(1));

    /// <summary>f(t, y; θ) in double, layer by layer.</summary>
    public double[] Forward(ReadOnlySpan<double> theta, double t, ReadOnlySpan<double> y)
    {
        Assert.Equal(ParameterCount, theta.Length);
        double[] x = y.Slice(0, StateSize).ToArray();
        int offset = 0;
        foreach (ReferenceLayer layer in _layers)
        {
            if (!layer.Dense)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = Activate(layer.Activation, x[i]);
                }

                continue;
            }

            int columns = x.Length + (TimeInput ? 1 : 0);
            var z = new double[layer.Outputs];
            for (int o = 0; o < layer.Outputs; o++)
            {
                double sum = 0;
                for (int j = 0; j < x.Length; j++)
                {
                    sum += theta[offset + (o * columns) + j] * x[j];
                }

                if (TimeInput)
                {
                    sum += theta[offset + (o * columns) + x.Length] * t;
                }

                z[o] = sum;
            }

            offset += layer.Outputs * columns;
            if (layer.Bias)
            {
                for (int o = 0; o < layer.Outputs; o++)
                {
                    z[o] += theta[offset + o];
                }

                offset += layer.Outputs;
            }

            for (int o = 0; o < z.Length; o++)
            {
                z[o] = Activate(layer.Activation, z[o]);
            }

            x = z;
        }

        return x;
    }

    /// <summary>The textbook activation functions, in double with <see cref="Math"/>.</summary>
    public static double Activate(Activation activation, double x) => activation switch
    {
        Activation.Identity => x,
        Activation.Tanh => Math.Tanh(x),
        Activation.Relu => Math.Max(x, 0),
        Activation.Softplus => x > 0 ? x + double.LogP1(Math.Exp(-x)) : double.LogP1(Math.Exp(x)),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.Silu => x / (1 + Math.Exp(-x)),
        Activation.Gelu => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x)))),
        Activation.Sin => Math.Sin(x),
        Activation.Cube => x * x * x,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>The textbook derivatives of <see cref="Activate"/>.</summary>
    public static double Derivative(Activation activation, double x)
    {
        switch (activation)
        {
            case Activation.Identity:
                return 1;
            case Activation.Tanh:
                double th = Math.Tanh(x);
                return 1 - (th * th);
            case Activation.Relu:
                return x > 0 ? 1 : 0;
            case Activation.Softplus:
                return 1 / (1 + Math.Exp(-x));
            case Activation.Sigmoid:
                double s = 1 / (1 + Math.Exp(-x));
                return s * (1 - s);
            case Activation.Silu:
                double sg = 1 / (1 + Math.Exp(-x));
                return sg * (1 + (x * (1 - sg)));
            case Activation.Gelu:
                double k = Math.Sqrt(2 / Math.PI);
                double u = Math.Tanh(k * (x + (0.044715 * x * x * x)));
                return (0.5 * (1 + u)) + (0.5 * x * (1 - (u * u)) * k * (1 + (3 * 0.044715 * x * x)));
            case Activation.Sin:
                return Math.Cos(x);
            case Activation.Cube:
                return 3 * x * x;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }
}
