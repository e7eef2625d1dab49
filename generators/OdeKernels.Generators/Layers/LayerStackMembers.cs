using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// The members that <see cref="LayerStackEmitter"/> emits into both a <c>[Dynamics]</c> and a <c>[Network]</c> class:
/// the constructors, the parameters, the buffers, the layer table and the activations of every width. Each generator
/// adds its own surface and drivers (see <c>DynamicsGenerator.Members.cs</c> and <c>NetworkGenerator.Members.cs</c>).
/// </summary>
internal static class LayerStackMembers
{
    private const string ReadOnlySpan = "global::System.ReadOnlySpan<T>";

    /// <summary>The contextual keywords the layer-stack code uses as keywords.</summary>
    public static readonly string[] Keywords = { "var", "nuint", "nameof" };

    /// <summary>A fresh list with the shared members.</summary>
    public static GeneratedMembers Shared()
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
            .Name("ParameterLanes", "the private per-thread property 'ParameterLanes'")
            .Name("CosOf", "the private helper 'CosOf'")
            .Name("FastExp", "the private helper 'FastExp'")
            .Name("FastExpm1", "the private helper 'FastExpm1'");
        foreach (string activation in System.Enum.GetNames(typeof(ActivationKind)))
        {
            members.Name("Forward" + activation, $"the private activation 'Forward{activation}'")
                .Name("Backward" + activation, $"the private activation 'Backward{activation}'");
        }

        return members;
    }
}
