using System.Linq;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Networks;

/// <summary>A validated <c>[Network]</c> declaration, as plain equatable data (no symbols or syntax), ready to emit.</summary>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="TypeName">The class name.</param>
/// <param name="IsDouble">Whether the precision is double (otherwise float).</param>
/// <param name="Inputs">The number of inputs of one sample.</param>
/// <param name="Layers">The layers in application order, with parameter offsets (never with a time column).</param>
/// <param name="Blocks">The residual blocks, in order, non-overlapping.</param>
/// <param name="Cell">
/// The recurrent cell, when the network is one (then <see cref="Inputs"/> is the cell's I + H, and
/// <paramref name="Layers"/> are its two matrix products, see <see cref="RecurrentCellSpec.Products"/>); null otherwise.
/// </param>
internal sealed record NetworkSpec(
    string Namespace,
    string TypeName,
    bool IsDouble,
    int Inputs,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<ResidualBlockSpec> Blocks,
    RecurrentCellSpec? Cell = null) : LayerStackSpec(Namespace, TypeName, IsDouble, Layers)
{
    /// <inheritdoc/>
    public override int InputWidth => Inputs;

    /// <summary>The number of outputs of one sample: the last layer's width, or a cell's hidden size.</summary>
    public int Outputs => Cell?.Hidden ?? Layers[Layers.Count - 1].Outputs;

    /// <summary>The block whose first layer is <paramref name="layer"/>, or null.</summary>
    public ResidualBlockSpec? BlockStartingAt(int layer) => Blocks.FirstOrDefault(b => b.First == layer);

    /// <summary>The block whose last layer is <paramref name="layer"/>, or null.</summary>
    public ResidualBlockSpec? BlockEndingAt(int layer) => Blocks.FirstOrDefault(b => b.Last == layer);
}

/// <summary>A residual block y + g(y): g is layers [<see cref="First"/>, <see cref="Last"/>], of width <see cref="Width"/> in and out.</summary>
internal sealed record ResidualBlockSpec(int First, int Count, int Width)
{
    public int Last => First + Count - 1;
}
