using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Common;

/// <summary>The pipeline steps every generator runs between parsing a declaration and emitting from its spec.</summary>
internal static class IncrementalSpecs
{
    /// <summary>
    /// Reports the diagnostics of every parsed declaration on their own output (so a diagnostic change does not
    /// regenerate code) and returns the specs of the declarations that parsed, tracked as <paramref name="trackingName"/>.
    /// </summary>
    public static IncrementalValuesProvider<TSpec> ReportAndSelectSpecs<TSpec>(
        this IncrementalValuesProvider<Result<TSpec?>> parsed, IncrementalGeneratorInitializationContext context, string trackingName)
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
            .Select(static (r, _) => r.Value)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(trackingName);
    }
}
