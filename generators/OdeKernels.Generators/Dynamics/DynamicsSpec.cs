using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Dynamics;

/// <summary>A validated <c>[Dynamics]</c> network, as plain equatable data (no symbols or syntax), ready to emit.</summary>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="TypeName">The class name.</param>
/// <param name="IsDouble">Whether the precision is double (otherwise float).</param>
/// <param name="StateSize">The number of state components.</param>
/// <param name="TimeInput">Whether t feeds every dense layer.</param>
/// <param name="Layers">The layers in application order, with parameter offsets.</param>
internal sealed record DynamicsSpec(
    string Namespace,
    string TypeName,
    bool IsDouble,
    int StateSize,
    bool TimeInput,
    EquatableArray<LayerSpec> Layers) : LayerStackSpec(Namespace, TypeName, IsDouble, Layers)
{
    /// <inheritdoc/>
    public override int InputWidth => StateSize;
}
