using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// What <see cref="Emitter"/> emits into a tableau (the <c>IRungeKuttaTableau</c> members and the private stage
    /// combinations) and the keywords it writes, which a user's names must leave alone.
    /// </summary>
    internal static readonly DeclarationRules Rules = new(
        "ButcherTableau",
        AttributeName,
        IsStruct: true,
        new GeneratedMembers()
            .Property("Info", "the static property 'Info'")
            .Method("Step", 2, "*", "*")
            .Method("ReverseStep", 2, "*", "*", "*")
            .Name("s_tableauInfo", "the private field 's_tableauInfo'")
            .Numbered("Stage", "the private stage combination")
            .Name("Solution", "the private combination 'Solution'")
            .Name("SolutionAndError", "the private combination 'SolutionAndError'")
            .Name("Error", "the private combination 'Error'"),
        Keywords: new[] { "var", "nuint", "unmanaged" },
        ExclusiveWith: null);
}
