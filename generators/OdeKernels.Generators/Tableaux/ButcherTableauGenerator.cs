using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

/// <summary>
/// Turns every <c>[ButcherTableau]</c> struct into an <c>IRungeKuttaTableau</c> with a fused, lane-vectorised step.
/// The pipeline reads each declaration once into a <see cref="TableauSpec"/> (validated, with diagnostics as data),
/// reports the diagnostics on their own output and emits source from the spec alone.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ButcherTableauGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "OdeKernels.ButcherTableauAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class TrackingNames
    {
        public const string Parsed = nameof(Parsed);
        public const string Specs = nameof(Specs);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<Result<TableauSpec?>> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is StructDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (ctx, token) => Parser.Parse(ctx, token))
            .WithTrackingName(TrackingNames.Parsed);

        IncrementalValuesProvider<TableauSpec> specs = parsed.ReportAndSelectSpecs(context, TrackingNames.Specs);

        context.RegisterSourceOutput(specs, static (spc, spec) =>
            spc.AddSource(Emitter.HintName(spec), Emitter.Emit(spec)));
    }
}
