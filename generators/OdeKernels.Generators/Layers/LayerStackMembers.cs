using System;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// The members that <see cref="LayerStackEmitter"/> emits into both a <c>[Dynamics]</c> and a <c>[Network]</c> class:
/// the constructors, the parameters, the buffers, the layer table and the activations of every width. Each generator
/// adds its own surface and drivers (see <c>DynamicsGenerator.Members.cs</c> and <c>NetworkGenerator.Members.cs</c>).
/// </summary>
internal static class LayerStackMembers
{
    /// <summary>The span parameter types of the generated methods, as <see cref="GeneratedMembers.Method"/> takes them.</summary>
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<T>";

    public const string Span = "global::System.Span<T>";

    /// <summary>The contextual keywords the layer-stack code uses as keywords.</summary>
    public static readonly string[] Keywords = { "var", "nuint", "nameof" };

    /// <summary>
    /// The rules of a layer-stack declaration (a class, never with the other layer-stack attribute): the shared members
    /// and the keywords, with the members <paramref name="own"/> adds.
    /// </summary>
    public static DeclarationRules Rules(string attributeName, string metadataName, string exclusiveWith, Func<GeneratedMembers, GeneratedMembers> own) =>
        new(attributeName, metadataName, IsStruct: false, own(Shared()), Keywords, exclusiveWith);

    /// <summary>A fresh list with the shared members.</summary>
    private static GeneratedMembers Shared()
    {
        var members = new GeneratedMembers()
            .Constructor("int")
            .Constructor(ReadOnlySpan)
            .Property("Layers", "the static property 'Layers'")
            .Property("ParameterCount", "the property 'ParameterCount'")
            .Property("Parameters", "the property 'Parameters'")
            .Name("_parameters", "the private field '_parameters'")
            .Name("t_scratch", "the private per-thread field 't_scratch'")
            .Name("Scratch", "the private per-thread property 'Scratch'")
            .Name("t_parameterLanes", "the private per-thread field 't_parameterLanes'")
            .Name("ParameterLanes", "the private per-thread property 'ParameterLanes'");
        foreach (string helper in CSharpActivationPrinter.HelperNames())
        {
            members.Name(helper, $"the private helper '{helper}'");
        }

        foreach (ActivationFormula formula in ActivationTable.All)
        {
            string forward = CSharpActivationPrinter.ForwardName(formula.Kind), backward = CSharpActivationPrinter.BackwardName(formula.Kind);
            string second = CSharpActivationPrinter.SecondName(formula.Kind);
            members.Name(forward, $"the private activation '{forward}'").Name(backward, $"the private activation '{backward}'")
                .Name(second, $"the private activation '{second}'");
        }

        return members;
    }
}
