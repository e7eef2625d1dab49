using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OdeKernels.Generators.Common;

/// <summary>Names as generated code must write them.</summary>
internal static class Identifiers
{
    /// <summary>
    /// A type's name with '@' before a keyword (<c>@class</c>), a contextual keyword (<c>@var</c>) or a name of lower-case
    /// ASCII letters only (<c>@dynamic</c>): the first two would not parse or would change meaning, and for the last the
    /// compiler warns (CS8981) at every declaration of the type that does not escape it, the generated one included.
    /// </summary>
    public static string EscapeTypeName(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
        || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
        || (name.Length > 0 && name.All(c => c is >= 'a' and <= 'z'))
            ? "@" + name
            : name;

    /// <summary>The containing namespace as a file-scoped namespace declaration names it (keywords escaped), empty for the global one.</summary>
    public static string NamespaceOf(INamedTypeSymbol type)
    {
        if (type.ContainingNamespace is not { IsGlobalNamespace: false } ns)
        {
            return string.Empty;
        }

        return string.Join(".", ns.ToDisplayParts()
            .Where(p => p.Kind == SymbolDisplayPartKind.NamespaceName)
            .Select(p => p.Symbol?.Name ?? p.ToString())
            .Select(part => SyntaxFacts.GetKeywordKind(part) != SyntaxKind.None ? "@" + part : part));
    }
}
