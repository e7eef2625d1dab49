using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Dynamics;

/// <summary>
/// Turns every <c>[Dynamics]</c> class into an <c>IBatchedDifferentiableSystem&lt;T&gt;</c> with a lane-vectorised
/// forward pass and vector-Jacobian product. The pipeline reads each declaration once into a
/// <see cref="DynamicsSpec"/> (validated, with diagnostics as data), reports the diagnostics on their own output and
/// emits source from the spec alone; a declaration whose checks fail gets a stub of its surface
/// (<see cref="StubEmitter"/>) instead, so that its ODEK error is the only error.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class DynamicsGenerator : IIncrementalGenerator
{
    internal const string AttributeName = RuntimeContract.DynamicsAttribute.FullName;

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
        IncrementalValuesProvider<Result<DynamicsSpec>> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (ctx, token) => Parser.Parse(ctx, token))
            .WithTrackingName(TrackingNames.Parsed);

        IncrementalValuesProvider<DynamicsSpec> specs = parsed.ReportAndSelectSpecs(context, TrackingNames.Specs);
        IncrementalValueProvider<EquatableArray<string>> collisions = parsed.CaseCollisions(static r =>
            r.Spec is { } spec ? Emitter.HintName(spec) : r.Stub is { } stub ? StubEmitter.HintName(stub) : null);

        context.RegisterSourceOutput(specs.Combine(collisions), static (spc, pair) =>
        {
            string hint = Emitter.HintName(pair.Left);
            spc.AddSource(GeneratedFile.Unique(hint, hint, pair.Right), Emitter.Emit(pair.Left, spc.CancellationToken));
        });

        // The CUDA C device code, in its own file so that the C# kernels' output does not change with it.
        context.RegisterSourceOutput(specs.Combine(collisions), static (spc, pair) =>
            spc.AddSource(GeneratedFile.Unique(CudaEmitter.HintName(pair.Left), Emitter.HintName(pair.Left), pair.Right), CudaEmitter.Emit(pair.Left)));

        context.RegisterSourceOutput(parsed.SelectStubs().Combine(collisions), static (spc, pair) =>
        {
            string hint = StubEmitter.HintName(pair.Left);
            spc.AddSource(GeneratedFile.Unique(hint, hint, pair.Right), StubEmitter.Emit(pair.Left));
        });
    }
}
