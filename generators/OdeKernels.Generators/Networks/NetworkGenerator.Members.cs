using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackMembers;

namespace OdeKernels.Generators.Networks;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// What <see cref="Emitter"/> emits into a <c>[Network]</c> class (the <c>INetwork&lt;T&gt;</c> surface, the
    /// drivers, kernels and checks) and the keywords it writes, which a user's names must leave alone.
    /// </summary>
    internal static readonly DeclarationRules Rules = LayerStackMembers.Rules(
        "Network",
        AttributeName,
        Dynamics.DynamicsGenerator.AttributeName,
        static members => members
            .Property("ResidualBlocks", "the static property 'ResidualBlocks'")
            .Property("Inputs", "the property 'Inputs'")
            .Property("Outputs", "the property 'Outputs'")
            .Method("Forward", 0, ReadOnlySpan, Span, "int")
            .Method("Vjp", 0, ReadOnlySpan, ReadOnlySpan, Span, Span, "int")
            .Explicit(RuntimeContract.INetwork.FullName + "<T>", RuntimeContract.INetwork.Layers)
            .Name("CheckSamples", "the private helper 'CheckSamples'")
            .Name("LoadSamples", "the private helper 'LoadSamples'")
            .Name("StoreSamples", "the private helper 'StoreSamples'")
            .Name("AddSamples", "the private helper 'AddSamples'")
            .Numbered("ForwardSamples", "the private driver")
            .Numbered("VjpSamples", "the private driver")
            .Numbered("ForwardTile", "the private kernel")
            .Numbered("BackwardTile", "the private kernel"));
}
