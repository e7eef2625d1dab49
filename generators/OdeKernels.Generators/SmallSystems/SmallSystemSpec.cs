using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.SmallSystems;

/// <summary>
/// What the generator writes for one <c>[SmallOdeSystem]</c> struct, as plain equatable data: the type, its element
/// type and state size, and the body of its span <c>Evaluate</c> already translated to locals
/// (<see cref="SmallSystemGenerator.Translator"/>) exactly and contracted, with the using directives that body was written under.
/// </summary>
/// <param name="Namespace">The containing namespace as generated code writes it, empty for the global one.</param>
/// <param name="TypeName">The type's name as generated code writes it (keywords escaped).</param>
/// <param name="Keyword"><c>struct</c> or <c>record struct</c>.</param>
/// <param name="Element"><c>double</c> or <c>float</c>.</param>
/// <param name="Size">The state size, 2 to 4.</param>
/// <param name="TimeName">The name of <c>Evaluate</c>'s time parameter, which the translated body may read.</param>
/// <param name="Usings">The extern aliases and using directives of the file <c>Evaluate</c> is written in (not global ones).</param>
/// <param name="NamespaceUsings">The using directives inside the namespace declarations around it.</param>
/// <param name="Statements">The translated statements, one per element, each normalised to one or more lines.</param>
/// <param name="ContractedStatements">The same statements with their multiply-adds contracted (<see cref="SmallSystemGenerator.Contractor"/>).</param>
internal sealed record SmallSystemSpec(
    string Namespace,
    string TypeName,
    string Keyword,
    string Element,
    int Size,
    string TimeName,
    EquatableArray<string> Usings,
    EquatableArray<string> NamespaceUsings,
    EquatableArray<string> Statements,
    EquatableArray<string> ContractedStatements);
