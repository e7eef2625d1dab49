using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Diagnostics;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// The descriptors one generator reports the checks of <see cref="LayerAttributeReader"/> with: the checks are the
/// same for <c>[Dynamics]</c> and <c>[Network]</c>, the ids and messages are each generator's own.
/// </summary>
internal sealed class LayerDescriptors
{
    public static readonly LayerDescriptors Dynamics = new(
        DiagnosticDescriptors.DynamicsNotPartial,
        DiagnosticDescriptors.DynamicsNestedOrGeneric,
        DiagnosticDescriptors.DynamicsPrecision,
        DiagnosticDescriptors.DynamicsStateSize,
        DiagnosticDescriptors.DynamicsLayerElsewhere,
        DiagnosticDescriptors.DynamicsUnknownActivation,
        DiagnosticDescriptors.DynamicsLayerWidth,
        DiagnosticDescriptors.DynamicsNoDenseLayer,
        DiagnosticDescriptors.DynamicsTooLarge);

    public static readonly LayerDescriptors Network = new(
        DiagnosticDescriptors.NetworkNotPartial,
        DiagnosticDescriptors.NetworkNestedOrGeneric,
        DiagnosticDescriptors.NetworkPrecision,
        DiagnosticDescriptors.NetworkInputs,
        DiagnosticDescriptors.NetworkLayerElsewhere,
        DiagnosticDescriptors.NetworkUnknownActivation,
        DiagnosticDescriptors.NetworkLayerWidth,
        DiagnosticDescriptors.NetworkNoDenseLayer,
        DiagnosticDescriptors.NetworkTooLarge);

    private LayerDescriptors(
        DiagnosticDescriptor notPartial,
        DiagnosticDescriptor nestedOrGeneric,
        DiagnosticDescriptor precision,
        DiagnosticDescriptor inputWidth,
        DiagnosticDescriptor layerElsewhere,
        DiagnosticDescriptor unknownActivation,
        DiagnosticDescriptor layerWidth,
        DiagnosticDescriptor noDenseLayer,
        DiagnosticDescriptor tooLarge)
    {
        NotPartial = notPartial;
        NestedOrGeneric = nestedOrGeneric;
        Precision = precision;
        InputWidth = inputWidth;
        LayerElsewhere = layerElsewhere;
        UnknownActivation = unknownActivation;
        LayerWidth = layerWidth;
        NoDenseLayer = noDenseLayer;
        TooLarge = tooLarge;
    }

    /// <summary>The declaration is not partial.</summary>
    public DiagnosticDescriptor NotPartial { get; }

    /// <summary>The declaration is nested in another type or generic.</summary>
    public DiagnosticDescriptor NestedOrGeneric { get; }

    /// <summary>The precision is neither float nor double.</summary>
    public DiagnosticDescriptor Precision { get; }

    /// <summary>The input's width (<c>StateSize</c>, <c>Inputs</c>) is not positive.</summary>
    public DiagnosticDescriptor InputWidth { get; }

    /// <summary>A layer attribute sits on another part of the partial class.</summary>
    public DiagnosticDescriptor LayerElsewhere { get; }

    /// <summary>A layer's activation is not an <c>Activation</c> value.</summary>
    public DiagnosticDescriptor UnknownActivation { get; }

    /// <summary>A dense layer's width is not positive.</summary>
    public DiagnosticDescriptor LayerWidth { get; }

    /// <summary>The stack has no dense layer.</summary>
    public DiagnosticDescriptor NoDenseLayer { get; }

    /// <summary>The parameters or the scratch tile would not fit in an <c>int</c>-indexed array (see <see cref="LayerBudget"/>).</summary>
    public DiagnosticDescriptor TooLarge { get; }
}
