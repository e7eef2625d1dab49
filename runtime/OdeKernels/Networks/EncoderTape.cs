using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// What both series encoders (<see cref="RecurrentEncoder{T}"/>, <see cref="OdeRnnEncoder{TDynamics, TTableau, T}"/>)
/// keep between <c>Encode</c> and <c>Backward</c> and do alike: the backward-in-time sweep, the cell input of every
/// visit, every series' hidden state, the batched cell update of a step and its VJP, the output network at the end.
/// The encoders differ only in how a row's cell input is made (the gap as an input, or h carried by an ODE), so they
/// fill <see cref="Input"/> and call the rest.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>Thread safety: buffers of one encoder (grown on demand, so a steady state allocates nothing); used from one
/// thread at a time.</remarks>
internal sealed class EncoderTape<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly INetwork<T> _cell;
    private readonly INetwork<T> _output;
    private T[] _inputs = [];
    private T[] _hidden = [];
    private T[] _step = [];
    private T[] _stepGradient = [];
    private T[] _hiddenGradient = [];

    public EncoderTape(INetwork<T> cell, INetwork<T> output)
    {
        _cell = cell;
        _output = output;
    }

    /// <summary>The order of the visits.</summary>
    public ReverseSweep Sweep { get; } = new();

    private int Row => _cell.Inputs;

    private int Hidden => _cell.Outputs;

    /// <summary>Checks the layout and the result span, plans the sweep and sets every hidden state to 0; returns the number of series.</summary>
    public int Begin(ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, ReadOnlySpan<T> values, int width, Span<T> result)
    {
        int count = RaggedSeries.Check(offsets, times, values, width, out int longest);
        SeriesEncoding<T>.CheckResult(result, count, _output.Outputs);
        int rows = offsets[count];
        ReverseSweep.Grow(ref _inputs, rows * Row);
        ReverseSweep.Grow(ref _hidden, count * Hidden);
        ReverseSweep.Grow(ref _step, count * Hidden);
        Array.Clear(_hidden, 0, count * Hidden);
        Sweep.Plan(offsets, count, longest);
        return count;
    }

    /// <summary>The cell input of visit <paramref name="visit"/>, to fill before <see cref="Update"/>.</summary>
    public Span<T> Input(int visit) => _inputs.AsSpan(visit * Row, Row);

    /// <summary>The hidden state of series <paramref name="series"/>.</summary>
    public Span<T> State(int series) => _hidden.AsSpan(series * Hidden, Hidden);

    /// <summary>Scratch for <paramref name="active"/> hidden states, free between the calls below (each overwrites it).</summary>
    public Span<T> Scratch(int active) => _step.AsSpan(0, active * Hidden);

    /// <summary>Applies the cell to the inputs of step <paramref name="k"/> and stores each visited series' new hidden state.</summary>
    public void Update(int k)
    {
        int first = Sweep.StepStart[k], active = Sweep.StepStart[k + 1] - first, h = Hidden;
        Span<T> next = Scratch(active);
        _cell.Forward(_inputs.AsSpan(first * Row, active * Row), next, active);
        for (int j = 0; j < active; j++)
        {
            next.Slice(j * h, h).CopyTo(State(Sweep.Series[first + j]));
        }
    }

    /// <summary>Maps every series' final hidden state through the output network.</summary>
    public void Finish(Span<T> result) => _output.Forward(_hidden.AsSpan(0, Sweep.Count * Hidden), result, Sweep.Count);

    /// <summary>
    /// Checks a backward pass's inputs against the last encoded batch and backpropagates the cotangent through the
    /// output network, so that <see cref="StateGradient"/> holds dL/dh of every series' final hidden state.
    /// </summary>
    public void BeginBackward(ISeriesEncoder<T> encoder, ReadOnlySpan<T> cotangent, SeriesEncoderGradients<T> gradients)
    {
        SeriesEncoding<T>.CheckTape(Sweep);
        int count = Sweep.Count;
        SeriesEncoding<T>.CheckCotangent(cotangent, count, _output.Outputs);
        gradients.Check(encoder, Sweep.Rows);
        ReverseSweep.Grow(ref _stepGradient, count * Row);
        ReverseSweep.Grow(ref _hiddenGradient, count * Hidden);
        Span<T> dh = _hiddenGradient.AsSpan(0, count * Hidden);
        dh.Clear();
        _output.Vjp(_hidden.AsSpan(0, count * Hidden), cotangent, dh, gradients.Output, count);
    }

    /// <summary>dL/dh of series <paramref name="series"/>'s hidden state at the point the backward pass has reached.</summary>
    public Span<T> StateGradient(int series) => _hiddenGradient.AsSpan(series * Hidden, Hidden);

    /// <summary>
    /// Backpropagates step <paramref name="k"/>'s cell update: the visited series' state gradients through the cell's
    /// VJP, adding its parameter gradient into <paramref name="cellGradient"/>; returns dL/d(input) of the step's
    /// visits, one row of <c>cell.Inputs</c> each, valid until the next call.
    /// </summary>
    public ReadOnlySpan<T> CellVjp(int k, Span<T> cellGradient)
    {
        int first = Sweep.StepStart[k], active = Sweep.StepStart[k + 1] - first, h = Hidden;
        Span<T> a = Scratch(active);
        for (int j = 0; j < active; j++)
        {
            StateGradient(Sweep.Series[first + j]).CopyTo(a.Slice(j * h, h));
        }

        Span<T> dInput = _stepGradient.AsSpan(0, active * Row);
        dInput.Clear();
        _cell.Vjp(_inputs.AsSpan(first * Row, active * Row), a, dInput, cellGradient, active);
        return dInput;
    }
}
