using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Networks;

/// <summary>
/// Turns every <c>[Network]</c> class into an <c>INetwork&lt;T&gt;</c>: a discrete feed-forward network (dense,
/// pointwise and residual layers) with a lane-vectorised forward pass and vector-Jacobian product. Like
/// <see cref="Dynamics.DynamicsGenerator"/>, it reads each declaration once into a <see cref="NetworkSpec"/>
/// (validated, diagnostics as data), reports the diagnostics on their own output and emits from the spec alone.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class NetworkGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "OdeKernels.NetworkAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class TrackingNames
    {
        public const string Parsed = nameof(Parsed);
        public const string Specs = nameof(Specs);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<Result<NetworkSpec?>> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (ctx, token) => Parser.Parse(ctx, token))
            .WithTrackingName(TrackingNames.Parsed);

        IncrementalValuesProvider<NetworkSpec> specs = parsed.ReportAndSelectSpecs(context, TrackingNames.Specs);

        context.RegisterSourceOutput(specs, static (spc, spec) =>
            spc.AddSource(Emitter.HintName(spec), Emitter.Emit(spec, spc.CancellationToken)));
    }
}
