using System;
using System.Numerics.Tensors;

namespace OdeKernels.Benchmarks.Baselines;

/// <summary>
/// The spiral network written the way a user would without the generator: batch-major arrays ([lanes, features],
/// row-major, like a PyTorch minibatch), one generic dense layer computing each output as a
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> of an input row with a weight row, and
/// each activation applied to a whole layer with <see cref="TensorPrimitives"/>. It exists only to be measured against.
/// </summary>
internal sealed class PlainSpiralNetwork
{
    private const int StateSize = 2;
    private readonly float[] _w1;
    private readonly float[] _b1;
    private readonly float[] _w2;
    private readonly float[] _b2;
    private readonly int _hidden;
    private float[] _cube = [];
    private float[] _activations = [];

    /// <summary>Takes the parameters in the generated networks' (PyTorch's) layout: W1 [H, 2], b1 [H], W2 [2, H], b2 [2].</summary>
    public PlainSpiralNetwork(ReadOnlySpan<float> parameters, int hidden)
    {
        if (parameters.Length != (hidden * StateSize * 2) + hidden + StateSize)
        {
            throw new ArgumentException($"A spiral network with {hidden} hidden units has {(hidden * 4) + hidden + 2} parameters, but {parameters.Length} were given.", nameof(parameters));
        }

        _hidden = hidden;
        int at = 0;
        _w1 = parameters.Slice(at, hidden * StateSize).ToArray();
        at += hidden * StateSize;
        _b1 = parameters.Slice(at, hidden).ToArray();
        at += hidden;
        _w2 = parameters.Slice(at, StateSize * hidden).ToArray();
        at += StateSize * hidden;
        _b2 = parameters.Slice(at, StateSize).ToArray();
    }

    /// <summary>dy/dt = W2 · tanh(W1 · y³ + b1) + b2 for every lane of <paramref name="y"/> ([lanes, 2]).</summary>
    public void Evaluate(ReadOnlySpan<float> y, Span<float> dydt, int lanes)
    {
        if (_cube.Length < lanes * StateSize)
        {
            _cube = new float[lanes * StateSize];
            _activations = new float[lanes * _hidden];
        }

        Span<float> cube = _cube.AsSpan(0, lanes * StateSize);
        Span<float> hidden = _activations.AsSpan(0, lanes * _hidden);
        TensorPrimitives.Multiply(y, y, cube);
        TensorPrimitives.Multiply(cube, y, cube);
        Dense(cube, StateSize, _w1, _b1, hidden, _hidden, lanes);
        TensorPrimitives.Tanh(hidden, hidden);
        Dense(hidden, _hidden, _w2, _b2, dydt, StateSize, lanes);
    }

    /// <summary>z[l, j] = x[l, ·] · w[j, ·] + b[j]: the textbook dense layer over a batch.</summary>
    private static void Dense(ReadOnlySpan<float> x, int inputs, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> z, int outputs, int lanes)
    {
        for (int l = 0; l < lanes; l++)
        {
            ReadOnlySpan<float> row = x.Slice(l * inputs, inputs);
            Span<float> outRow = z.Slice(l * outputs, outputs);
            for (int j = 0; j < outputs; j++)
            {
                outRow[j] = TensorPrimitives.Dot(row, w.Slice(j * inputs, inputs)) + b[j];
            }
        }
    }
}
