using System;
using System.Numerics;

namespace OdeKernels.Examples.LatentOde;

/// <summary>
/// The RNN baseline's decoder (Chen et al., 2018, §5.1: "an RNN trained with the time gaps as input"): h₀ = start(z0),
/// then at each of a series' output times tₖ the GRU cell steps h ← cell([tₖ − tₖ₋₁ ; h]) (t₋₁ = 0, z0's time) and the
/// readout maps h to the prediction. It is the latent ODE with the ODE replaced by a discrete recurrence over the gaps,
/// so the two models differ only there. Series are ragged (the layout of <see cref="ObservedSeries"/>); step k
/// advances every series with more than k outputs in one batched cell call. <see cref="Backward"/> is
/// backpropagation through time over the tape of the last <see cref="Forward"/>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>Thread safety: keeps the tape of its last Forward; one thread at a time.</remarks>
public sealed class GapGruDecoder<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly INetwork<T> _start;
    private readonly INetwork<T> _cell;
    private readonly INetwork<T> _readout;
    private T[] _z0 = [];
    private T[] _tape = [];
    private T[] _states = [];
    private int[] _stepStart = [];
    private int[] _stepRow = [];
    private int[] _stepSeries = [];
    private int[] _offsets = [];

    /// <summary>Creates the decoder from its networks (their parameters stay theirs).</summary>
    /// <param name="start">z0 (L) → h₀ (H).</param>
    /// <param name="cell">A GRU cell with input [Δt ; h] (Inputs = 1 + H, Outputs = H).</param>
    /// <param name="readout">h (H) → the prediction.</param>
    /// <exception cref="ArgumentException">The widths do not fit together.</exception>
    public GapGruDecoder(INetwork<T> start, INetwork<T> cell, INetwork<T> readout)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(readout);
        if (cell.Inputs != 1 + cell.Outputs || start.Outputs != cell.Outputs || readout.Inputs != cell.Outputs)
        {
            throw new ArgumentException($"start ({start.Inputs} → {start.Outputs}), cell ({cell.Inputs} → {cell.Outputs}) and readout ({readout.Inputs} → {readout.Outputs}) do not fit: the cell must map [Δt ; h] to h.", nameof(cell));
        }

        _start = start;
        _cell = cell;
        _readout = readout;
    }

    private int Hidden => _cell.Outputs;

    /// <summary>Predicts every series at its own times, keeping the tape for <see cref="Backward"/>.</summary>
    /// <param name="z0">The latent states, start.Inputs per series.</param>
    /// <param name="offsets">Series + 1 values: series i's output times are <paramref name="times"/>[offsets[i] .. offsets[i + 1]).</param>
    /// <param name="times">The output times, increasing within a series, none before 0.</param>
    /// <param name="predictions">Receives readout.Outputs values per output time.</param>
    public void Forward(ReadOnlySpan<T> z0, ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, Span<T> predictions)
    {
        int count = offsets.Length - 1, h = Hidden, rows = offsets[count], longest = 0;
        for (int i = 0; i < count; i++)
        {
            longest = Math.Max(longest, offsets[i + 1] - offsets[i]);
        }

        _z0 = z0.ToArray();
        _offsets = offsets.ToArray();
        _tape = new T[rows * (1 + h)];
        _states = new T[rows * h];
        _stepStart = new int[longest + 1];
        _stepRow = new int[rows];
        _stepSeries = new int[rows];
        var hidden = new T[count * h];
        _start.Forward(z0, hidden, count);
        var step = new T[count * h];
        int at = 0;
        for (int k = 0; k < longest; k++)
        {
            _stepStart[k] = at;
            for (int i = 0; i < count; i++)
            {
                if (offsets[i + 1] - offsets[i] <= k)
                {
                    continue;
                }

                int row = offsets[i] + k;
                Span<T> input = _tape.AsSpan(at * (1 + h), 1 + h);
                input[0] = times[row] - (k == 0 ? T.Zero : times[row - 1]);
                hidden.AsSpan(i * h, h).CopyTo(input[1..]);
                _stepRow[at] = row;
                _stepSeries[at++] = i;
            }

            int first = _stepStart[k], active = at - first;
            _cell.Forward(_tape.AsSpan(first * (1 + h), active * (1 + h)), step.AsSpan(0, active * h), active);
            for (int j = 0; j < active; j++)
            {
                step.AsSpan(j * h, h).CopyTo(hidden.AsSpan(_stepSeries[first + j] * h, h));
                step.AsSpan(j * h, h).CopyTo(_states.AsSpan(_stepRow[first + j] * h, h));
            }
        }

        _stepStart[longest] = at;
        _readout.Forward(_states, predictions, rows);
    }

    /// <summary>
    /// Backpropagates the cotangent of the last <see cref="Forward"/>'s predictions: adds the parameter gradients of the
    /// three networks and the cotangent of z0.
    /// </summary>
    /// <param name="dPredictions">The cotangent of the predictions.</param>
    /// <param name="dz0">Receives dL/dz0, added.</param>
    /// <param name="startGradient">Receives the start network's gradient, added.</param>
    /// <param name="cellGradient">Receives the cell's gradient, added.</param>
    /// <param name="readoutGradient">Receives the readout's gradient, added.</param>
    public void Backward(ReadOnlySpan<T> dPredictions, Span<T> dz0, Span<T> startGradient, Span<T> cellGradient, Span<T> readoutGradient)
    {
        int count = _offsets.Length - 1, h = Hidden, rows = _offsets[count];
        var dStates = new T[rows * h];
        _readout.Vjp(_states, dPredictions, dStates, readoutGradient, rows);
        var carry = new T[count * h];
        var a = new T[count * h];
        var dInput = new T[count * (1 + h)];
        for (int k = _stepStart.Length - 2; k >= 0; k--)
        {
            int first = _stepStart[k], active = _stepStart[k + 1] - first;
            for (int j = 0; j < active; j++)
            {
                int i = _stepSeries[first + j], row = _stepRow[first + j];
                for (int c = 0; c < h; c++)
                {
                    a[(j * h) + c] = carry[(i * h) + c] + dStates[(row * h) + c];
                }
            }

            Array.Clear(dInput);
            _cell.Vjp(_tape.AsSpan(first * (1 + h), active * (1 + h)), a.AsSpan(0, active * h), dInput.AsSpan(0, active * (1 + h)), cellGradient, active);
            for (int j = 0; j < active; j++)
            {
                dInput.AsSpan((j * (1 + h)) + 1, h).CopyTo(carry.AsSpan(_stepSeries[first + j] * h, h));
            }
        }

        _start.Vjp(_z0, carry, dz0, startGradient, count);
    }
}
