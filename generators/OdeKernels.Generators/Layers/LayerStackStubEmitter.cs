using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// The surface that a <c>[Dynamics]</c> and a <c>[Network]</c> stub (see <see cref="StubSpec"/>) have in common: the
/// two constructors, the layer table and the parameters, all throwing, and the way each member is written. Each
/// generator's stub emitter adds the rest of its interface.
/// </summary>
internal static class LayerStackStubEmitter
{
    /// <summary>Opens the class with its interfaces and writes the shared members.</summary>
    public static SourceWriter Open(StubSpec stub, string attribute, string interfaces)
    {
        string t = stub.Element;
        var w = new SourceWriter();
        GeneratedFile.WriteStart(w, stub.Namespace);
        w.Line($"// The [{attribute}] declaration has errors ({string.Join(", ", stub.Errors)}); every member throws until they are fixed.");
        w.Open($"partial class {stub.TypeName} : {interfaces}");
        w.Line("/// <summary>Not generated: the declaration has errors.</summary>");
        w.Line("/// <param name=\"seed\">The seed.</param>");
        w.Line($"public {stub.TypeName}(int seed) => {stub.Throw};");
        w.Line();
        w.Line("/// <summary>Not generated: the declaration has errors.</summary>");
        w.Line("/// <param name=\"parameters\">The parameters.</param>");
        w.Line($"public {stub.TypeName}({LayerStackEmitter.ReadOnlySpanOf(t)} parameters) => {stub.Throw};");
        NotGenerated(w, stub, $"public static {LayerStackEmitter.ReadOnlyList}<{LayerStackEmitter.Layer}> Layers");
        Inherited(w, stub, "public int ParameterCount", $"public {LayerStackEmitter.SpanOf(t)} Parameters");
        return w;
    }

    /// <summary>Writes each of <paramref name="declarations"/> as an interface member that throws, after a blank line.</summary>
    public static void Inherited(SourceWriter w, StubSpec stub, params string[] declarations)
    {
        foreach (string declaration in declarations)
        {
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"{declaration} => {stub.Throw};");
        }
    }

    /// <summary>Writes <paramref name="declaration"/> as a member of the class's own that throws, after a blank line.</summary>
    public static void NotGenerated(SourceWriter w, StubSpec stub, string declaration)
    {
        w.Line();
        w.Line("/// <summary>Not generated: the declaration has errors.</summary>");
        w.Line($"{declaration} => {stub.Throw};");
    }
}
