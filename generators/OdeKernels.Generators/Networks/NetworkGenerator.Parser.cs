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
    internal static partial class Parser
    {
        public static Result<NetworkSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
        {
            var diagnostics = new List<DiagnosticInfo>();
            if (LayerStackDeclaration.Read(context, Rules, LayerDescriptors.Network, diagnostics, token) is not { } declaration)
            {
                return Result<NetworkSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            int inputs = declaration.ReadInputWidth(RuntimeContract.NetworkAttribute.Inputs);
            token.ThrowIfCancellationRequested();
            var found = LayerAttributeReader.Collect(declaration.Type, declaration.Syntax, withResidual: true, LayerDescriptors.Network, diagnostics, token);
            LayerBudget budget = declaration.Budget(rowsBefore: 0, gradientRows: 3);
            if (found.Any(f => IsCell(f.Kind)))
            {
                if (ReadCell(found, declaration.Name, inputs, budget, diagnostics, declaration.Where, token) is not { } cell)
                {
                    return Result<NetworkSpec>.Nothing(diagnostics.ToEquatableArray());
                }

                return declaration.Finish((ns, typeName) => new NetworkSpec(
                    ns, typeName, declaration.IsDouble, cell.Inputs + cell.Hidden, cell.Products, EquatableArray<ResidualBlockSpec>.Empty, cell));
            }

            (List<LayerSpec> layers, List<ResidualBlockSpec> blocks) = ReadLayers(found, declaration, inputs, budget, token);
            layers = declaration.WithFusedMultiplyAdd(layers, RuntimeContract.NetworkAttribute.FusedMultiplyAdd);
            return declaration.Finish((ns, typeName) => new NetworkSpec(ns, typeName, declaration.IsDouble, inputs, layers.ToEquatableArray(), blocks.ToEquatableArray()));
        }

        /// <summary>
        /// Chains layer widths from the input, assigns parameter offsets in the PyTorch layout (weights, then bias, layer
        /// by layer) and turns each <c>[Residual(Layers = n)]</c> into a block over the next n layer attributes.
        /// <paramref name="budget"/> counts what the layers allocate.
        /// </summary>
        private static (List<LayerSpec> Layers, List<ResidualBlockSpec> Blocks) ReadLayers(
            List<(AttributeData Attribute, LayerAttributeKind Kind)> found, LayerStackDeclaration declaration, int inputs, LayerBudget budget,
            CancellationToken token)
        {
            string name = declaration.Name;
            List<DiagnosticInfo> diagnostics = declaration.Diagnostics;
            Location where = declaration.Where;
            var layers = new List<LayerSpec>();
            var blocks = new List<ResidualBlockSpec>();
            int width = inputs, offset = 0, blockNumber = 0;
            bool widthError = false;

            // The value's feature map shape between layers (null: a vector); a dense layer flattens it.
            FeatureMap? shape = declaration.InputShape;

            // The open block: its number, where it was declared, its first layer, the layers it still needs, its input width and shape.
            (int Number, Location Location, int First, int Remaining, int Width, FeatureMap? Shape)? open = null;
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
                        open = (blockNumber, location, layers.Count, count, width, shape);
                    }

                    continue;
                }

                LayerSpec layer;
                if (SpatialLayerReader.IsSpatial(kind))
                {
                    if (!SpatialLayerReader.TryRead(
                            attribute, kind, layers.Count + 1, LayerAttributeReader.Describe(attribute, layers.Count + 1, token), location, name,
                            declaration.AttributeName, shape, width, timeInput: false, offset, LayerDescriptors.Network, diagnostics, ref widthError, out layer))
                    {
                        continue;
                    }
                }
                else if (!LayerAttributeReader.TryReadLayer(
                        attribute, kind == LayerAttributeKind.Dense, layers.Count + 1, location, name, width, timeInput: false, offset,
                        LayerDescriptors.Network, diagnostics, ref widthError, out layer))
                {
                    continue;
                }

                layers.Add(layer);
                budget.Layer(layer, location, LayerAttributeReader.Describe(attribute, layers.Count, token));
                if (layer.IsMap)
                {
                    offset += layer.ParameterCount;
                    width = layer.Outputs;
                    shape = layer.Spatial?.Out;
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
                        else if (block.Shape is not null && shape is not null && block.Shape != shape && !widthError)
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpatialResidualShape, block.Location, Literals.Int(block.Number), name, block.Shape.ToString(), shape.ToString()));
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
