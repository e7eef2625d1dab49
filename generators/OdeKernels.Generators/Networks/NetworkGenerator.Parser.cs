using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;
using OdeKernels.Generators.Dynamics;

namespace OdeKernels.Generators.Networks;

public sealed partial class NetworkGenerator
{
    /// <summary>Reads a <c>[Network]</c> declaration, its layers and residual blocks into a <see cref="NetworkSpec"/> and checks it.</summary>
    internal static class Parser
    {
        private const string DenseName = "OdeKernels.DenseAttribute";
        private const string PointwiseName = "OdeKernels.PointwiseAttribute";
        private const string ResidualName = "OdeKernels.ResidualAttribute";
        private const int ActivationCount = 9;

        private enum Kind
        {
            Dense,
            Pointwise,
            Residual,
        }

        public static Result<NetworkSpec?> Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            string name = type.Name;
            AttributeData network = context.Attributes[0];
            Location where = LocationOf(network, token) ?? syntax.Identifier.GetLocation();

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkNotPartial, where, name));
            }

            if (type.ContainingType is not null || type.IsGenericType)
            {
                string what = type.ContainingType is not null ? $"nested in '{type.ContainingType.Name}'" : "generic";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkNestedOrGeneric, where, name, what));
            }

            int inputs = 0;
            bool isDouble = false;
            foreach (KeyValuePair<string, TypedConstant> pair in network.NamedArguments)
            {
                switch (pair.Key)
                {
                    case "Inputs" when pair.Value.Value is int count:
                        inputs = count;
                        break;
                    case "Precision" when pair.Value.Value is ITypeSymbol precision:
                        isDouble = precision.SpecialType == SpecialType.System_Double;
                        if (precision.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkPrecision, where, name, precision.ToDisplayString()));
                        }

                        break;
                }
            }

            if (inputs <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkInputs, where, name, Literals.Int(inputs)));
            }

            token.ThrowIfCancellationRequested();
            var found = Collect(type, syntax, name, diagnostics, token);
            (List<LayerSpec> layers, List<ResidualBlockSpec> blocks) = ReadLayers(found, name, inputs, diagnostics, where, token);
            bool failed = diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
            NetworkSpec? spec = failed ? null : new NetworkSpec(
                type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
                name,
                isDouble,
                inputs,
                layers.ToEquatableArray(),
                blocks.ToEquatableArray());
            return new Result<NetworkSpec?>(spec, diagnostics.ToEquatableArray());
        }

        /// <summary>The layer and residual attributes of the declaration that carries <c>[Network]</c>, in source order.</summary>
        private static List<(AttributeData Attribute, Kind Kind)> Collect(
            INamedTypeSymbol type, TypeDeclarationSyntax syntax, string name, List<DiagnosticInfo> diagnostics, CancellationToken token)
        {
            var found = new List<(int Position, AttributeData Attribute, Kind Kind)>();
            foreach (AttributeData attribute in type.GetAttributes())
            {
                Kind kind;
                switch (attribute.AttributeClass?.ToDisplayString())
                {
                    case DenseName:
                        kind = Kind.Dense;
                        break;
                    case PointwiseName:
                        kind = Kind.Pointwise;
                        break;
                    case ResidualName:
                        kind = Kind.Residual;
                        break;
                    default:
                        continue;
                }

                if (attribute.ApplicationSyntaxReference is not { } reference)
                {
                    continue;
                }

                if (reference.SyntaxTree != syntax.SyntaxTree || !syntax.Span.Contains(reference.Span))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkLayerElsewhere, reference.GetSyntax(token).GetLocation(), kind.ToString(), name));
                    continue;
                }

                found.Add((reference.Span.Start, attribute, kind));
            }

            return found.OrderBy(f => f.Position).Select(f => (f.Attribute, f.Kind)).ToList();
        }

        /// <summary>
        /// Chains layer widths from the input, assigns parameter offsets in the PyTorch layout (weights, then bias, layer
        /// by layer) and turns each <c>[Residual(Layers = n)]</c> into a block over the next n layer attributes.
        /// </summary>
        private static (List<LayerSpec> Layers, List<ResidualBlockSpec> Blocks) ReadLayers(
            List<(AttributeData Attribute, Kind Kind)> found, string name, int inputs,
            List<DiagnosticInfo> diagnostics, Location where, CancellationToken token)
        {
            var layers = new List<LayerSpec>();
            var blocks = new List<ResidualBlockSpec>();
            int width = inputs, offset = 0, denseCount = 0, blockNumber = 0;
            bool widthError = false;

            // The open block: its number, where it was declared, its first layer, the layers it still needs, its input width.
            (int Number, Location Location, int First, int Remaining, int Width)? open = null;
            foreach ((AttributeData attribute, Kind kind) in found)
            {
                Location location = LocationOf(attribute, token) ?? where;
                if (attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
                {
                    continue; // The compiler reports the malformed attribute.
                }

                if (kind == Kind.Residual)
                {
                    blockNumber++;
                    int count = attribute.NamedArguments.FirstOrDefault(p => p.Key == "Layers").Value.Value is int n ? n : 1;
                    if (open is { } outer)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkResidualNested, location, Literals.Int(blockNumber), name, Literals.Int(outer.Number), Literals.Int(outer.Remaining)));
                    }
                    else if (count < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkResidualExtent, location, Literals.Int(blockNumber), name, Literals.Int(count), "that is fewer than one layer"));
                    }
                    else
                    {
                        open = (blockNumber, location, layers.Count, count, width);
                    }

                    continue;
                }

                if (attribute.ConstructorArguments.Length == 0)
                {
                    continue;
                }

                int number = layers.Count + 1;
                bool isDense = kind == Kind.Dense;
                TypedConstant activationArgument = attribute.ConstructorArguments[isDense ? 1 : 0];
                int activation = activationArgument.Value is int a ? a : 0;
                if (activation < 0 || activation >= ActivationCount)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkUnknownActivation, location, Literals.Int(number), name, Literals.Int(activation)));
                }

                if (isDense)
                {
                    int outputs = attribute.ConstructorArguments[0].Value is int o ? o : 0;
                    bool bias = !attribute.NamedArguments.Any(p => p.Key == "Bias" && p.Value.Value is false);
                    if (outputs <= 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkLayerWidth, location, Literals.Int(number), name, Literals.Int(outputs)));
                        outputs = 1; // Keep chaining widths so later layers are still checked.
                        widthError = true;
                    }

                    var layer = new LayerSpec(true, width, outputs, (ActivationKind)activation, bias, false, offset, bias ? offset + (outputs * width) : -1);
                    layers.Add(layer);
                    offset += layer.ParameterCount;
                    width = outputs;
                    denseCount++;
                }
                else
                {
                    layers.Add(new LayerSpec(false, width, width, (ActivationKind)activation, false, false, -1, -1));
                }

                if (open is { } block)
                {
                    if (block.Remaining > 1)
                    {
                        open = block with { Remaining = block.Remaining - 1 };
                    }
                    else
                    {
                        open = null;
                        if (width != block.Width && !widthError && inputs > 0)
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkResidualWidth, block.Location, Literals.Int(block.Number), name, Literals.Int(block.Width), Literals.Int(width)));
                        }

                        blocks.Add(new ResidualBlockSpec(block.First, layers.Count - block.First, block.Width));
                    }
                }
            }

            if (open is { } unclosed)
            {
                int given = unclosed.Remaining + (layers.Count - unclosed.First);
                string what = $"only {Literals.Int(layers.Count - unclosed.First)} layer attribute(s) follow it";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkResidualExtent, unclosed.Location, Literals.Int(unclosed.Number), name, Literals.Int(given), what));
            }

            if (denseCount == 0)
            {
                string what = layers.Count == 0 ? "no layers" : $"only pointwise layers ({Literals.Int(layers.Count)})";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkNoDenseLayer, where, name, what));
            }

            return (layers, blocks);
        }

        private static Location? LocationOf(AttributeData attribute, CancellationToken token) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(token).GetLocation();
    }
}
