using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Activations;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// Places a layer stack's values in the rows of a scratch tile, layer by layer: each dense layer's (convolution's,
/// group norm's) pre-activation,
/// then its output unless the activation is the identity (the output is then the pre-activation itself), then for
/// tanh and sigmoid the exponential their derivative is computed from (see
/// <see cref="ActivationFormula.KeepsExponential"/>). A tile layout
/// puts its own rows (t, the input, residual sums, gradient buffers) around these by moving <see cref="Next"/> and
/// <see cref="Input"/> between layers.
/// </summary>
internal sealed class LayerRows
{
    /// <param name="layers">The number of layers.</param>
    /// <param name="input">The first row of the first layer's input.</param>
    /// <param name="next">The first free row.</param>
    public LayerRows(int layers, int input, int next)
    {
        InputRows = new int[layers];
        PreRows = new int[layers];
        OutputRows = new int[layers];
        ExponentialRows = new int[layers];
        Input = input;
        Next = next;
    }

    /// <summary>The first row of each layer's input.</summary>
    public int[] InputRows { get; }

    /// <summary>The first row of each layer's activation input: the dense pre-activation, or the input of a pointwise layer.</summary>
    public int[] PreRows { get; }

    /// <summary>The first row of each layer's output (the pre-activation itself when the activation is the identity).</summary>
    public int[] OutputRows { get; }

    /// <summary>The first row of each layer's kept exponential (tanh and sigmoid), or −1.</summary>
    public int[] ExponentialRows { get; }

    /// <summary>
    /// The first of the rows into which a dense layer's input is transposed when its parameter gradient is summed
    /// over lanes within the tile (see <see cref="LayerStackEmitter.KeepsParameterLanes"/>), or −1 when no vector
    /// width does that.
    /// </summary>
    public int TransposeRow { get; private set; } = -1;

    /// <summary>The first row of the next layer's input.</summary>
    public int Input { get; set; }

    /// <summary>The first free row.</summary>
    public int Next { get; set; }

    /// <summary>
    /// The gradient buffer (<paramref name="a"/>, where the backward pass starts, or <paramref name="b"/>) that holds
    /// the input gradient when the backward pass ends: each dense (or convolution, or group-norm) layer moves the
    /// gradient into the other buffer.
    /// </summary>
    public static int InputGradientRow(IEnumerable<LayerSpec> layers, int a, int b) =>
        layers.Count(l => l.IsMap) % 2 == 0 ? a : b;

    /// <summary>
    /// Reserves, from row <paramref name="first"/>, the transpose rows (as many as the widest dense layer has
    /// columns) if some vector width sums parameter gradients within the tile; returns the first row after them.
    /// </summary>
    public int PlaceTranspose(int first, IEnumerable<LayerSpec> layers, int parameterCount, bool isDouble)
    {
        int columns = layers.Where(l => l.IsDense).Select(l => l.Columns).DefaultIfEmpty(0).Max();
        bool summed = LayerStackEmitter.Widths.Any(bits => !LayerStackEmitter.KeepsParameterLanes(parameterCount, LayerStackEmitter.Lanes(isDouble, bits)));
        if (!summed || columns == 0)
        {
            return first;
        }

        TransposeRow = first;
        return first + columns;
    }

    /// <summary>Places layer <paramref name="k"/> after the rows placed so far.</summary>
    public void Place(int k, LayerSpec layer)
    {
        InputRows[k] = Input;
        if (layer.IsMap)
        {
            PreRows[k] = Next;
            Next += layer.Outputs;
        }
        else
        {
            PreRows[k] = Input;
        }

        if (layer.Activation == ActivationKind.Identity)
        {
            OutputRows[k] = PreRows[k];
        }
        else
        {
            OutputRows[k] = Next;
            Next += layer.Outputs;
        }

        ExponentialRows[k] = -1;
        if (ActivationTable.KeepsExponential(layer.Activation))
        {
            ExponentialRows[k] = Next;
            Next += layer.Outputs;
        }

        Input = OutputRows[k];
    }
}
