using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Networks;

public sealed partial class NetworkGenerator
{
    /// <summary>Reads a <c>[Network]</c> declaration, its layers and residual blocks into a <see cref="NetworkSpec"/> and checks it.</summary>
    internal static class Parser
    {
        public static Result<NetworkSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
        {
            var diagnostics = new List<DiagnosticInfo>();
            if (DeclarationChecks.IsRepeat(context, Rules, diagnostics, token))
            {
                return Result<NetworkSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            string name = type.Name;
            AttributeData network = DeclarationChecks.OwnAttribute(context);
            Location where = LayerAttributeReader.LocationOf(network, token) ?? syntax.Identifier.GetLocation();
            bool shape = LayerAttributeReader.CheckDeclaration(type, syntax, where, LayerDescriptors.Network, diagnostics);

            int inputs = 0;
            bool isDouble = false;
            foreach (KeyValuePair<string, TypedConstant> pair in network.NamedArguments)
            {
                switch (pair.Key)
                {
                    case RuntimeContract.NetworkAttribute.Inputs when pair.Value.Value is int count:
                        inputs = count;
                        break;
                    case RuntimeContract.NetworkAttribute.Precision when pair.Value.Value is ITypeSymbol precision:
                        isDouble = LayerAttributeReader.ReadPrecision(precision, name, where, LayerDescriptors.Network, diagnostics);
                        break;
                }
            }

            shape &= DeclarationChecks.CheckShape(context, Rules, isDouble ? "double" : "float", diagnostics, token);
            if (inputs <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkInputs, where, name, Literals.Int(inputs)));
            }

            token.ThrowIfCancellationRequested();
            var found = LayerAttributeReader.Collect(type, syntax, withResidual: true, LayerDescriptors.Network, diagnostics, token);
            var budget = new LayerBudget(isDouble, name, rowsBefore: 0, gradientRows: 3, LayerDescriptors.Network, diagnostics);
            budget.Input(System.Math.Max(inputs, 0), where, $"Inputs = {Literals.Int(inputs)}");
            (List<LayerSpec> layers, List<ResidualBlockSpec> blocks) = ReadLayers(found, name, inputs, budget, diagnostics, where, token);
            string ns = Identifiers.NamespaceOf(type), typeName = Identifiers.EscapeTypeName(name);
            if (LayerAttributeReader.HasErrors(diagnostics))
            {
                // A type that is well-formed keeps its public surface, so that the ODEK error is the only error.
                StubSpec? stub = shape ? new StubSpec(ns, typeName, type.ToDisplayString(), "class", isDouble ? "double" : "float", StubSpec.ErrorIds(diagnostics)) : null;
                return new Result<NetworkSpec>(null, stub, diagnostics.ToEquatableArray());
            }

            var spec = new NetworkSpec(ns, typeName, isDouble, inputs, layers.ToEquatableArray(), blocks.ToEquatableArray());
            return new Result<NetworkSpec>(spec, null, diagnostics.ToEquatableArray());
        }

        /// <summary>
        /// Chains layer widths from the input, assigns parameter offsets in the PyTorch layout (weights, then bias, layer
        /// by layer) and turns each <c>[Residual(Layers = n)]</c> into a block over the next n layer attributes.
        /// <paramref name="budget"/> counts what the layers allocate.
        /// </summary>
        private static (List<LayerSpec> Layers, List<ResidualBlockSpec> Blocks) ReadLayers(
            List<(AttributeData Attribute, LayerAttributeKind Kind)> found, string name, int inputs, LayerBudget budget,
            List<DiagnosticInfo> diagnostics, Location where, CancellationToken token)
        {
            var layers = new List<LayerSpec>();
            var blocks = new List<ResidualBlockSpec>();
            int width = inputs, offset = 0, blockNumber = 0;
            bool widthError = false;

            // The open block: its number, where it was declared, its first layer, the layers it still needs, its input width.
            (int Number, Location Location, int First, int Remaining, int Width)? open = null;
            foreach ((AttributeData attribute, LayerAttributeKind kind) in found)
            {
                Location location = LayerAttributeReader.LocationOf(attribute, token) ?? where;
                if (attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
                {
                    continue; // The compiler reports the malformed attribute.
                }

                if (kind == LayerAttributeKind.Residual)
                {
                    blockNumber++;
                    int count = attribute.NamedArguments.FirstOrDefault(p => p.Key == RuntimeContract.ResidualAttribute.Layers).Value.Value is int n ? n : 1;
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

                if (!LayerAttributeReader.TryReadLayer(
                        attribute, kind == LayerAttributeKind.Dense, layers.Count + 1, location, name, width, timeInput: false, offset,
                        LayerDescriptors.Network, diagnostics, ref widthError, out LayerSpec layer))
                {
                    continue;
                }

                layers.Add(layer);
                string what = LayerAttributeReader.Describe(attribute, layers.Count, token);
                bool activated = layer.Activation != ActivationKind.Identity;
                if (layer.IsDense)
                {
                    budget.Dense(layer.Inputs, layer.Outputs, layer.Bias, timeInput: false, activated, location, what);
                    offset += layer.ParameterCount;
                    width = layer.Outputs;
                }
                else
                {
                    budget.Rows(activated ? 2L * layer.Outputs : 0, layer.Outputs, location, what);
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
                        budget.Rows(width, width, block.Location, $"Residual block {Literals.Int(block.Number)}");
                    }
                }
            }

            if (open is { } unclosed)
            {
                int given = unclosed.Remaining + (layers.Count - unclosed.First);
                string what = $"only {Literals.Int(layers.Count - unclosed.First)} layer attribute(s) follow it";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkResidualExtent, unclosed.Location, Literals.Int(unclosed.Number), name, Literals.Int(given), what));
            }

            LayerAttributeReader.CheckSomeDense(layers, name, where, LayerDescriptors.Network, diagnostics);
            return (layers, blocks);
        }
    }
}
