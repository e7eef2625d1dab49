using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// Where <see cref="ISeriesEncoder{T}.Backward"/> adds its gradients: each span is empty to skip that gradient, or as
/// long as what it differentiates. The gradients with respect to the inputs are those of the last
/// <see cref="ISeriesEncoder{T}.Encode"/>'s <c>values</c> and <c>times</c>, laid out like them (a time moves the
/// gaps on both sides of its row, so dL/dtᵣ collects −dL/dΔ of the gap after row r and +dL/dΔ of the gap before it).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>Thread safety: a view of the caller's spans on the caller's stack.</remarks>
public readonly ref struct SeriesEncoderGradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>dL/dθ of the cell (<see cref="INetwork{T}.ParameterCount"/> values), added.</summary>
    public Span<T> Cell { get; init; }

    /// <summary>dL/dθ of the hidden state's dynamics (<see cref="ISeriesEncoder{T}.DynamicsParameters"/>' length), added.</summary>
    public Span<T> Dynamics { get; init; }

    /// <summary>dL/dθ of the output network, added.</summary>
    public Span<T> Output { get; init; }

    /// <summary>dL/d(values): rows × <see cref="ISeriesEncoder{T}.ObservationWidth"/> values, added.</summary>
    public Span<T> Values { get; init; }

    /// <summary>dL/d(times): one value per row, added.</summary>
    public Span<T> Times { get; init; }

    /// <summary>Throws unless every non-empty span fits the encoder and the last encoded batch of <paramref name="rows"/> rows.</summary>
    internal void Check(ISeriesEncoder<T> encoder, int rows)
    {
        Fits(Cell.Length, encoder.Cell.ParameterCount, "the cell's parameters", "gradients.Cell");
        Fits(Dynamics.Length, encoder.DynamicsParameters.Length, "the hidden dynamics' parameters", "gradients.Dynamics");
        Fits(Output.Length, encoder.Output.ParameterCount, "the output network's parameters", "gradients.Output");
        Fits(Values.Length, (long)rows * encoder.ObservationWidth, "the encoded values", "gradients.Values");
        Fits(Times.Length, rows, "the encoded times", "gradients.Times");
    }

    private static void Fits(int length, long expected, string what, string name)
    {
        if (length != 0 && length != expected)
        {
            throw new ArgumentException($"{name} has length {length}; it must be empty or hold {what}, {expected} values.", name);
        }
    }
}
