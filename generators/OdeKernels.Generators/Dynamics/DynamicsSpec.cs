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
/// <param name="Divergence">Whether the class opts in to <c>IDivergenceSystem&lt;T&gt;</c> (exact divergence, JVPs and their VJPs).</param>
internal sealed record DynamicsSpec(
    string Namespace,
    string TypeName,
    bool IsDouble,
    int StateSize,
    bool TimeInput,
    EquatableArray<LayerSpec> Layers,
    bool Divergence = false) : LayerStackSpec(Namespace, TypeName, IsDouble, Layers)
{
    /// <summary>
    /// The widest state whose exact divergence the generator emits: the forward-mode pass carries one tangent per
    /// state component, so its cost and its scratch grow as StateSize × the network; beyond this Hutchinson's
    /// estimator is the tool (ODEK112 says so).
    /// </summary>
    public const int MaxDivergenceStateSize = 64;

    /// <inheritdoc/>
    public override int InputWidth => StateSize;

    /// <inheritdoc/>
    public override bool SecondDerivatives => Divergence;
}
