using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Common;

/// <summary>The pipeline steps every generator runs between parsing a declaration and emitting from its spec.</summary>
internal static class IncrementalSpecs
{
    /// <summary>
    /// Reports the diagnostics of every parsed declaration on their own output (so a diagnostic change does not
    /// regenerate code) and returns the specs of the declarations that passed every check, tracked as
    /// <paramref name="trackingName"/>.
    /// </summary>
    public static IncrementalValuesProvider<TSpec> ReportAndSelectSpecs<TSpec>(
        this IncrementalValuesProvider<Result<TSpec>> parsed, IncrementalGeneratorInitializationContext context, string trackingName)
        where TSpec : class
    {
        context.RegisterSourceOutput(
            parsed.Select(static (r, _) => r.Diagnostics),
            static (spc, diagnostics) =>
            {
                foreach (DiagnosticInfo diagnostic in diagnostics)
                {
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                }
            });

        return parsed
            .Select(static (r, _) => r.Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(trackingName);
    }

    /// <summary>The stubs of the declarations whose checks failed but whose type can still be completed.</summary>
    public static IncrementalValuesProvider<StubSpec> SelectStubs<TSpec>(this IncrementalValuesProvider<Result<TSpec>> parsed)
        where TSpec : class =>
        parsed
            .Select(static (r, _) => r.Stub)
            .Where(static stub => stub is not null)
            .Select(static (stub, _) => stub!);

    /// <summary>
    /// The primary hint names (one per declaration, as <paramref name="hintName"/> gives it for a spec or a stub) that
    /// differ from another only in case; usually none, so the value, and the outputs combined with it, stay cached.
    /// </summary>
    public static IncrementalValueProvider<EquatableArray<string>> CaseCollisions<TSpec>(
        this IncrementalValuesProvider<Result<TSpec>> parsed, Func<Result<TSpec>, string?> hintName)
        where TSpec : class =>
        parsed
            .Select((r, _) => hintName(r))
            .Where(static name => name is not null)
            .Select(static (name, _) => name!)
            .Collect()
            .Select(static (names, _) => GeneratedFile.CaseCollisions(names));
}
