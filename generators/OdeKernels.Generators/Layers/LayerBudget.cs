using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// Counts, in 64 bits and layer by layer, what the generated code of a layer stack allocates, and reports the first
/// layer (or the input) that takes it past what an <c>int</c>-indexed array holds: the parameters, of which the
/// generated code may keep one copy per lane of the widest vector (the per-lane gradients of small networks), and the
/// rows of the per-thread scratch tile, one vector each. Below these limits no size or offset in the generated code
/// overflows <c>int</c>.
/// </summary>
/// <remarks>
/// The rows are those of the emitters' tile layouts (<c>DynamicsGenerator.Emitter.TileLayout</c>,
/// <c>NetworkGenerator.Emitter.TileLayout</c>): the rows before the input, the input, each dense layer's
/// pre-activation, each activated layer's output and kept exponential (<c>LayerRows</c>), each residual sum,
/// <c>gradientRows</c> buffers of the widest value and the transpose rows of wide networks (the widest layer's columns).
/// The count is an upper bound: every activation is counted as keeping its exponential, and the transpose rows are
/// always counted, so the limit can only refuse slightly early, never let an overflow through.
/// </remarks>
internal sealed class LayerBudget
{
    /// <summary>The most elements a .NET array holds (<c>Array.MaxLength</c>).</summary>
    public const long MaxArrayLength = 0x7FFFFFC7;

    private readonly int _lanes;
    private readonly string _element;
    private readonly string _name;
    private readonly int _gradientRows;
    private readonly LayerDescriptors _descriptors;
    private readonly List<DiagnosticInfo> _diagnostics;
    private long _parameters;
    private long _rows;
    private long _widest;

    /// <param name="isDouble">Whether the element type is double (8 lanes in a Vector512) or float (16).</param>
    /// <param name="name">The type's name, for messages.</param>
    /// <param name="rowsBefore">The rows before the input (t, for a <c>[Dynamics]</c> network).</param>
    /// <param name="gradientRows">The gradient buffers, each as wide as the widest value.</param>
    /// <param name="descriptors">The generator's descriptors.</param>
    /// <param name="diagnostics">Where a breach is reported.</param>
    public LayerBudget(bool isDouble, string name, int rowsBefore, int gradientRows, LayerDescriptors descriptors, List<DiagnosticInfo> diagnostics)
    {
        _lanes = isDouble ? 8 : 16;
        _element = isDouble ? "double" : "float";
        _name = name;
        _rows = rowsBefore;
        _gradientRows = gradientRows;
        _descriptors = descriptors;
        _diagnostics = diagnostics;
    }

    /// <summary>Whether a limit was passed (and reported); nothing more is counted then.</summary>
    public bool Exceeded { get; private set; }

    /// <summary>The largest count of parameters or rows that fits.</summary>
    public long Limit => MaxArrayLength / _lanes;

    /// <summary>Counts the input's rows (<paramref name="what"/>: e.g. <c>StateSize = 5</c>, for the message).</summary>
    public void Input(int width, Location? where, string what) => AddRows(width, width, where, what);

    /// <summary>
    /// Counts one layer as read: a dense layer's parameters and its pre-activation, output and exponential rows, a
    /// pointwise layer's output and exponential rows (none for the identity), a convolution's or group norm's like a
    /// dense layer's.
    /// </summary>
    public void Layer(LayerSpec layer, Location? where, string what)
    {
        bool activated = layer.Activation != ActivationKind.Identity;
        if (layer.Spatial is not null)
        {
            Parameters(layer.ParameterCount, layer.Outputs, activated, where, what);
        }
        else if (layer.IsDense)
        {
            Dense(layer.Inputs, layer.Outputs, layer.Bias, layer.TimeInput, activated, where, what);
        }
        else
        {
            Rows(activated ? 2L * layer.Outputs : 0, layer.Outputs, where, what);
        }
    }

    /// <summary>Counts a dense layer of <paramref name="inputs"/> (+ 1 with time input) by <paramref name="outputs"/>.</summary>
    private void Dense(long inputs, long outputs, bool bias, bool timeInput, bool activated, Location? where, string what)
    {
        if (Exceeded)
        {
            return;
        }

        Parameters((outputs * (inputs + (timeInput ? 1 : 0))) + (bias ? outputs : 0), outputs, activated, where, what);
    }

    /// <summary>Counts a layer of <paramref name="parameters"/> with <paramref name="outputs"/> values computed into rows of its own.</summary>
    private void Parameters(long parameters, long outputs, bool activated, Location? where, string what)
    {
        if (Exceeded)
        {
            return;
        }

        _parameters += parameters;
        if (_parameters > Limit)
        {
            Report(where, what, "the parameter count", _parameters);
            return;
        }

        AddRows(activated ? 3 * outputs : outputs, outputs, where, what);
    }

    /// <summary>Counts rows of the scratch tile outside the layers: a residual sum.</summary>
    public void Rows(long rows, long width, Location? where, string what) => AddRows(rows, width, where, what);

    private void AddRows(long rows, long width, Location? where, string what)
    {
        if (Exceeded)
        {
            return;
        }

        _rows += rows;
        if (width > _widest)
        {
            _widest = width;
        }

        long total = _rows + ((_gradientRows + 1) * (_widest + 1));
        if (total > Limit)
        {
            Report(where, what, "the rows of one scratch tile", total);
        }
    }

    private void Report(Location? where, string what, string quantity, long value)
    {
        Exceeded = true;
        _diagnostics.Add(DiagnosticInfo.Create(
            _descriptors.TooLarge, where, what, _name, quantity, value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), Literals.Int(_lanes), _element));
    }
}
