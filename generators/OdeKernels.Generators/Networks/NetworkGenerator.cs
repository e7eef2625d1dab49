using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Networks;

/// <summary>
/// Turns every <c>[Network]</c> class into an <c>INetwork&lt;T&gt;</c>: a discrete feed-forward network (dense,
/// pointwise and residual layers) with a lane-vectorised forward pass and vector-Jacobian product. Like
/// <see cref="Dynamics.DynamicsGenerator"/>, it reads each declaration once into a <see cref="NetworkSpec"/>
/// (validated, diagnostics as data), reports the diagnostics on their own output and emits from the spec alone; a
/// declaration whose checks fail gets a stub of its surface (<see cref="StubEmitter"/>) instead.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class NetworkGenerator : IIncrementalGenerator
{
    internal const string AttributeName = RuntimeContract.NetworkAttribute.FullName;

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class TrackingNames
    {
        public const string Parsed = nameof(Parsed);
        public const string Specs = nameof(Specs);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Every kind of type declaration is read, so that a record, struct or interface with the attribute is
        // reported rather than skipped.
        IncrementalValuesProvider<Result<NetworkSpec>> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (ctx, token) => Parser.Parse(ctx, token))
            .WithTrackingName(TrackingNames.Parsed);

        IncrementalValuesProvider<NetworkSpec> specs = parsed.ReportAndSelectSpecs(context, TrackingNames.Specs);
        IncrementalValueProvider<EquatableArray<string>> collisions = parsed.CaseCollisions(static r =>
            r.Spec is { } spec ? Emitter.HintName(spec) : r.Stub is { } stub ? StubEmitter.HintName(stub) : null);

        context.RegisterSourceOutput(specs.Combine(collisions), static (spc, pair) =>
        {
            string hint = Emitter.HintName(pair.Left);
            spc.AddSource(GeneratedFile.Unique(hint, hint, pair.Right), Emitter.Emit(pair.Left, spc.CancellationToken));
        });

        context.RegisterSourceOutput(parsed.SelectStubs().Combine(collisions), static (spc, pair) =>
        {
            string hint = StubEmitter.HintName(pair.Left);
            spc.AddSource(GeneratedFile.Unique(hint, hint, pair.Right), StubEmitter.Emit(pair.Left));
        });
    }
}
