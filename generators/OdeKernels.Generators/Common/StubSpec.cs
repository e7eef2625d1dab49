using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Common;

/// <summary>
/// The public surface of a declaration whose checks failed, as plain equatable data: the generator still emits it,
/// with members that throw, so that the ODEK error is the only error and use sites do not fail by the dozen (no
/// constructor, no <c>Parameters</c>, ...).
/// </summary>
/// <param name="Namespace">The containing namespace as generated code writes it, empty for the global one.</param>
/// <param name="TypeName">The type's name as generated code writes it (keywords escaped).</param>
/// <param name="DisplayName">The type's full name, for the exception's message.</param>
/// <param name="Keyword">The declaration's keyword: <c>struct</c>, <c>record struct</c> or <c>class</c>.</param>
/// <param name="Element">The element type of the surface (<c>float</c> or <c>double</c>; unused for a tableau).</param>
/// <param name="Errors">The ids of the errors that stopped the generation.</param>
/// <param name="Divergence">Whether the declaration opts in to <c>IDivergenceSystem&lt;T&gt;</c> (<c>[Dynamics(Divergence = true)]</c>), whose surface the stub then has too.</param>
internal sealed record StubSpec(string Namespace, string TypeName, string DisplayName, string Keyword, string Element, EquatableArray<string> Errors, bool Divergence = false)
{
    /// <summary>The ids of the errors among <paramref name="diagnostics"/>, each once, in order.</summary>
    public static EquatableArray<string> ErrorIds(IEnumerable<DiagnosticInfo> diagnostics) =>
        diagnostics.Where(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error).Select(d => d.Descriptor.Id).Distinct().ToEquatableArray();

    /// <summary>The exception every member throws, as a C# expression.</summary>
    public string Throw =>
        $"throw new global::System.InvalidOperationException(\"{DisplayName.Replace("\\", "\\\\").Replace("\"", "\\\"")} was not generated: its declaration has errors ({string.Join(", ", Errors)}); see the build output.\")";
}
