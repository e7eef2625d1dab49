using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.SmallSystems;

/// <summary>
/// Gives every <c>[SmallOdeSystem]</c> struct, a span-based <c>IOdeSystem&lt;T&gt;</c>, its by-value form
/// <c>ISmallOdeSystem&lt;T, StateN&lt;T&gt;&gt;</c>: the body of its <c>Evaluate</c> with every <c>y[k]</c> and
/// <c>dydt[k]</c> turned into a local variable, so the state path keeps the stages in registers, and a registered
/// <c>SmallSystemForm</c> through which the runtime's span solves of one trajectory reach that path. The pipeline reads
/// each declaration once into a <see cref="SmallSystemSpec"/> (checks as data, <see cref="Parser"/>), reports the
/// diagnostics on their own output and emits from the spec alone (<see cref="Emitter"/>). A declaration that fails a
/// check gets nothing: the struct stays a working span system, and its ODEK5NN error says why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class SmallSystemGenerator : IIncrementalGenerator
{
    internal const string AttributeName = RuntimeContract.SmallOdeSystemAttribute.FullName;

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class TrackingNames
    {
        public const string Parsed = nameof(Parsed);
        public const string Specs = nameof(Specs);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Every kind of type declaration is read, so that a class with the attribute is reported rather than skipped.
        IncrementalValuesProvider<Result<SmallSystemSpec>> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (ctx, token) => Parser.Parse(ctx, token))
            .WithTrackingName(TrackingNames.Parsed);

        IncrementalValuesProvider<SmallSystemSpec> specs = parsed.ReportAndSelectSpecs(context, TrackingNames.Specs);
        IncrementalValueProvider<EquatableArray<string>> collisions = parsed.CaseCollisions(static r =>
            r.Spec is { } spec ? Emitter.HintName(spec) : null);

        context.RegisterSourceOutput(specs.Combine(collisions), static (spc, pair) =>
        {
            string hint = Emitter.HintName(pair.Left);
            spc.AddSource(GeneratedFile.Unique(hint, hint, pair.Right), Emitter.Emit(pair.Left));
        });
    }
}
