using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Dynamics;

/// <summary>
/// Turns every <c>[Dynamics]</c> class into an <c>IBatchedDifferentiableSystem&lt;T&gt;</c> with a lane-vectorised
/// forward pass and vector-Jacobian product. The pipeline reads each declaration once into a
/// <see cref="DynamicsSpec"/> (validated, with diagnostics as data), reports the diagnostics on their own output and
/// emits source from the spec alone.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class DynamicsGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "OdeKernels.DynamicsAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class TrackingNames
    {
        public const string Parsed = nameof(Parsed);
        public const string Specs = nameof(Specs);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<Result<DynamicsSpec?>> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (ctx, token) => Parser.Parse(ctx, token))
            .WithTrackingName(TrackingNames.Parsed);

        IncrementalValuesProvider<DynamicsSpec> specs = parsed.ReportAndSelectSpecs(context, TrackingNames.Specs);

        context.RegisterSourceOutput(specs, static (spc, spec) =>
            spc.AddSource(Emitter.HintName(spec), Emitter.Emit(spec, spc.CancellationToken)));

        // The CUDA C device code, in its own file so that the C# kernels' output does not change with it.
        context.RegisterSourceOutput(specs, static (spc, spec) =>
            spc.AddSource(CudaEmitter.HintName(spec), CudaEmitter.Emit(spec)));
    }
}
