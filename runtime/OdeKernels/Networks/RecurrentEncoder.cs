using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// The recognition network of a latent ODE (Chen et al., 2018, §5): a recurrent cell runs backwards in time over each
/// series' observed points, taking at row r the observation and the time gap to the next point, and an output
/// network maps the final hidden state to the mean and log-variance of the initial latent state z0. Differentiable end
/// to end: <see cref="Backward(ReadOnlySpan{T}, SeriesEncoderGradients{T})"/> backpropagates through the sequence into the cell's and the output network's
/// parameters and, on request, into the observed values and times (<see cref="SeriesEncoderGradients{T}"/>).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>
/// <para>
/// The cell is any <see cref="INetwork{T}"/> whose input is [x ; Δt ; h] and whose output is h' (a
/// <see cref="GruAttribute"/> or <see cref="RnnAttribute"/> network with <c>Inputs</c> = D + 1), so D =
/// <see cref="INetwork{T}.Inputs"/> − 1 − <see cref="INetwork{T}.Outputs"/> values are observed per row. Step k (k = 0, 1,
/// …) advances every series that has more than k rows, at its row n − 1 − k, with the gap Δt = t[r + 1] − t[r] (0 at
/// the last row, where the state starts from h = 0), so the series of a batch, with different lengths and times,
/// share one batched cell call per step; one lane is one series.
/// </para>
/// <para>
/// Series come in the ragged layout: row r of series i at <c>offsets[i] + r</c>, with <c>offsets</c> one longer than the
/// series; a series without rows encodes h = 0.
/// </para>
/// <para>
/// Thread safety: an instance keeps the tape of its last <see cref="Encode"/> for <see cref="Backward(ReadOnlySpan{T}, SeriesEncoderGradients{T})"/> in buffers of
/// its own (grown on demand, so a steady state allocates nothing); use it from one thread at a time.
/// </para>
/// </remarks>
public sealed class RecurrentEncoder<T> : ISeriesEncoder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly EncoderTape<T> _tape;

    /// <summary>Creates the encoder from its cell and output network (their parameters are theirs, not copied).</summary>
    /// <param name="cell">The cell: input [x ; Δt ; h], output h'.</param>
    /// <param name="output">The map from the final h to [mean ; log-variance] of z0 (an even number of outputs).</param>
    /// <exception cref="ArgumentNullException">A network is null.</exception>
    /// <exception cref="ArgumentException">The widths do not fit together.</exception>
    public RecurrentEncoder(INetwork<T> cell, INetwork<T> output)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(output);
        int observed = cell.Inputs - 1 - cell.Outputs;
        if (observed < 1)
        {
            throw new ArgumentException($"The cell takes {cell.Inputs} inputs and returns {cell.Outputs}; it must take [x ; Δt ; h], at least {cell.Outputs + 2} values for a hidden state of {cell.Outputs}.", nameof(cell));
        }

        SeriesEncoding<T>.CheckOutput(output, cell.Outputs);
        Cell = cell;
        Output = output;
        ObservationWidth = observed;
        _tape = new EncoderTape<T>(cell, output);
    }

    /// <summary>The cell.</summary>
    public INetwork<T> Cell { get; }

    /// <summary>The output network.</summary>
    public INetwork<T> Output { get; }

    /// <summary>The values observed per row, D.</summary>
    public int ObservationWidth { get; }

    /// <summary>The size of the latent state: half the output network's outputs.</summary>
    public int LatentSize => Output.Outputs / 2;

    /// <summary>Empty: the hidden state has no dynamics between observations (the cell sees the time gap instead).</summary>
    public Span<T> DynamicsParameters => Span<T>.Empty;

    private int Hidden => Cell.Outputs;

    private int Row => Cell.Inputs;

    /// <summary>
    /// Encodes every series: <paramref name="result"/> receives per series the mean of z0 (<see cref="LatentSize"/>
    /// values), then its log-variance. Keeps the tape for <see cref="Backward(ReadOnlySpan{T}, Span{T}, Span{T})"/>.
    /// </summary>
    /// <param name="offsets">Where each series' rows start, one more value than there are series, from 0, never decreasing.</param>
    /// <param name="times">The time of each row; strictly increasing within a series.</param>
    /// <param name="values">The observations, <see cref="ObservationWidth"/> per row.</param>
    /// <param name="result">Receives 2·<see cref="LatentSize"/> values per series.</param>
    /// <exception cref="ArgumentException">The layout is malformed or a span is too short; the message names it.</exception>
    public void Encode(ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, ReadOnlySpan<T> values, Span<T> result)
    {
        _tape.Begin(offsets, times, values, ObservationWidth, result);
        ReverseSweep sweep = _tape.Sweep;
        int d = ObservationWidth;
        for (int k = 0; k < sweep.Steps; k++)
        {
            for (int v = sweep.StepStart[k]; v < sweep.StepStart[k + 1]; v++)
            {
                int r = sweep.Row[v];
                Span<T> input = _tape.Input(v);
                values.Slice(r * d, d).CopyTo(input);
                input[d] = k == 0 ? T.Zero : times[r + 1] - times[r];
                _tape.State(sweep.Series[v]).CopyTo(input[(d + 1)..]);
            }

            _tape.Update(k);
        }

        _tape.Finish(result);
    }

    /// <summary>
    /// Backpropagates the cotangent of the last <see cref="Encode"/>'s result through the output network and the cell
    /// (backpropagation through time), adding the parameter gradients into <paramref name="cellGradient"/> and
    /// <paramref name="outputGradient"/> (each empty to skip it, or as long as the network's parameters).
    /// </summary>
    /// <param name="cotangent">The cotangent of the result, laid out like it.</param>
    /// <param name="cellGradient">Receives the cell's parameter gradient, added.</param>
    /// <param name="outputGradient">Receives the output network's parameter gradient, added.</param>
    /// <exception cref="InvalidOperationException">No <see cref="Encode"/> came first.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Backward(ReadOnlySpan<T> cotangent, Span<T> cellGradient, Span<T> outputGradient)
    {
        SeriesEncoding<T>.CheckTape(_tape.Sweep);
        if (!cellGradient.IsEmpty && cellGradient.Length != Cell.ParameterCount)
        {
            throw new ArgumentException($"cellGradient has length {cellGradient.Length}; it must be empty or hold the cell's {Cell.ParameterCount} parameters.", nameof(cellGradient));
        }

        if (!outputGradient.IsEmpty && outputGradient.Length != Output.ParameterCount)
        {
            throw new ArgumentException($"outputGradient has length {outputGradient.Length}; it must be empty or hold the output network's {Output.ParameterCount} parameters.", nameof(outputGradient));
        }

        Backward(cotangent, new SeriesEncoderGradients<T> { Cell = cellGradient, Output = outputGradient });
    }

    /// <summary>
    /// Backpropagates the cotangent of the last <see cref="Encode"/>'s result through the output network and the cell
    /// (backpropagation through time), adding the gradients <paramref name="gradients"/> asks for: the cell's and the
    /// output network's parameters, and the observed values and times (a time enters the cell through the gaps on both
    /// sides of its row). <see cref="SeriesEncoderGradients{T}.Dynamics"/> must be empty: this encoder has none.
    /// </summary>
    /// <param name="cotangent">The cotangent of the result, laid out like it.</param>
    /// <param name="gradients">Where the gradients go, each added; an empty span skips it.</param>
    /// <exception cref="InvalidOperationException">No <see cref="Encode"/> came first.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names it.</exception>
    public void Backward(ReadOnlySpan<T> cotangent, SeriesEncoderGradients<T> gradients)
    {
        _tape.BeginBackward(this, cotangent, gradients);
        ReverseSweep sweep = _tape.Sweep;
        int h = Hidden, d = ObservationWidth;
        for (int k = sweep.Steps - 1; k >= 0; k--)
        {
            int first = sweep.StepStart[k];
            ReadOnlySpan<T> dInput = _tape.CellVjp(k, gradients.Cell);
            for (int v = first; v < sweep.StepStart[k + 1]; v++)
            {
                ReadOnlySpan<T> dRow = dInput.Slice((v - first) * Row, Row);
                dRow.Slice(d + 1, h).CopyTo(_tape.StateGradient(sweep.Series[v]));
                int r = sweep.Row[v];
                SeriesEncoding<T>.AddValues(gradients.Values, r, dRow[..d]);

                // The gap t[r + 1] − t[r] is an input from the second step on (the first sees 0, a constant).
                if (k > 0)
                {
                    SeriesEncoding<T>.AddGap(gradients.Times, r, dRow[d]);
                }
            }
        }
    }
}
