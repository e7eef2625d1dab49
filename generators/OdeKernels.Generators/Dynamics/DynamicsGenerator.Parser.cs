using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    /// <summary>Reads a <c>[Dynamics]</c> declaration and its layer attributes into a <see cref="DynamicsSpec"/> and checks it.</summary>
    internal static class Parser
    {
        public static Result<DynamicsSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
        {
            var diagnostics = new List<DiagnosticInfo>();
            if (LayerStackDeclaration.Read(context, Rules, LayerDescriptors.Dynamics, diagnostics, token) is not { } declaration)
            {
                return Result<DynamicsSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            int stateSize = declaration.ReadInputWidth(RuntimeContract.DynamicsAttribute.StateSize);
            bool timeInput = declaration.Argument<bool>(RuntimeContract.DynamicsAttribute.TimeInput);
            bool divergence = declaration.Argument<bool>(RuntimeContract.DynamicsAttribute.Divergence);
            if (divergence && stateSize > DynamicsSpec.MaxDivergenceStateSize)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.DynamicsDivergenceTooWide, declaration.Where, declaration.Name, Literals.Int(stateSize), Literals.Int(DynamicsSpec.MaxDivergenceStateSize)));
            }

            token.ThrowIfCancellationRequested();
            ReportNetworkOnly(declaration.Type, declaration.Name, diagnostics, token);
            LayerBudget budget = declaration.Budget(rowsBefore: 1, gradientRows: 2);
            List<LayerSpec> layers = declaration.WithFusedMultiplyAdd(
                ReadLayers(declaration, stateSize, timeInput, budget, token), RuntimeContract.DynamicsAttribute.FusedMultiplyAdd);
            if (divergence && layers.FirstOrDefault(l => l.Spatial is not null) is { } spatial)
            {
                int number = layers.IndexOf(spatial) + 1;
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.SpatialDivergence, declaration.Where, declaration.Name, "layer " + Literals.Int(number), spatial.Spatial!.Kind.ToString()));
            }

            if (divergence && !LayerAttributeReader.HasErrors(diagnostics))
            {
                CheckDivergenceScratch(declaration, stateSize, timeInput, layers);
            }

            return declaration.Finish((ns, typeName) => new DynamicsSpec(ns, typeName, declaration.IsDouble, stateSize, timeInput, layers.ToEquatableArray(), divergence), divergence);
        }

        /// <summary>
        /// Reports a <c>Divergence = true</c> network whose scratch tile would not fit in one array. Per direction the
        /// tangent rows mirror rows of f's tile (the input, each layer's pre-activation and output, two buffers of the
        /// widest value), so with StateSize directions the whole tile has at most (StateSize + 1) × f's rows; below
        /// the limit on that bound no row index of the generated code overflows <c>int</c>.
        /// </summary>
        private static void CheckDivergenceScratch(LayerStackDeclaration declaration, int stateSize, bool timeInput, List<LayerSpec> layers)
        {
            var spec = new DynamicsSpec(string.Empty, declaration.Name, declaration.IsDouble, stateSize, timeInput, layers.ToEquatableArray(), Divergence: true);
            int rows = new Emitter.TileLayout(spec).Rows;
            long bound = (stateSize + 1L) * rows, limit = LayerBudget.MaxArrayLength / spec.MaxLanes;
            if (bound > limit)
            {
                declaration.Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.DynamicsDivergenceTooLarge, declaration.Where, declaration.Name, bound.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Literals.Int(stateSize + 1), Literals.Int(rows), limit.ToString(System.Globalization.CultureInfo.InvariantCulture), Literals.Int(spec.MaxLanes), spec.Element));
            }
        }

        /// <summary>
        /// Reports every <c>[Residual]</c>, <c>[Gru]</c> and <c>[Rnn]</c> on the class: a <c>[Dynamics]</c> network would
        /// silently ignore them (and a cell would otherwise reach neither kernels nor the CUDA backend that could run it).
        /// </summary>
        private static void ReportNetworkOnly(INamedTypeSymbol type, string name, List<DiagnosticInfo> diagnostics, CancellationToken token)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                string? full = attribute.AttributeClass?.ToDisplayString();
                if (full == RuntimeContract.ResidualAttribute.FullName)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsResidual, LayerAttributeReader.LocationOf(attribute, token), name));
                }
                else if (full is RuntimeContract.GruAttribute.FullName or RuntimeContract.RnnAttribute.FullName)
                {
                    string cell = full == RuntimeContract.GruAttribute.FullName ? "Gru" : "Rnn";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsCell, LayerAttributeReader.LocationOf(attribute, token), cell, name));
                }
            }
        }

        /// <summary>
        /// The layer attributes of the declaration that carries <c>[Dynamics]</c>, in source order, with widths chained
        /// from the state and parameter offsets assigned in the PyTorch layout (weights, then bias, layer by layer); the
        /// last dense layer must give back the state's width. <paramref name="budget"/> counts what the layers allocate.
        /// </summary>
        private static List<LayerSpec> ReadLayers(LayerStackDeclaration declaration, int stateSize, bool timeInput, LayerBudget budget, CancellationToken token)
        {
            string name = declaration.Name;
            Location where = declaration.Where;
            List<DiagnosticInfo> diagnostics = declaration.Diagnostics;
            var found = LayerAttributeReader.Collect(declaration.Type, declaration.Syntax, withResidual: false, LayerDescriptors.Dynamics, diagnostics, token);
            var layers = new List<LayerSpec>();
            int width = stateSize, offset = 0, lastDense = -1;
            bool widthError = false;
            Location? lastDenseLocation = null;
            string lastDenseText = string.Empty;

            // The value's feature map shape between layers (null: a vector); a dense layer flattens it.
            FeatureMap? shape = declaration.InputShape;
            foreach ((AttributeData attribute, LayerAttributeKind kind) in found)
            {
                int number = layers.Count + 1;
                Location location = LayerAttributeReader.LocationOf(attribute, token) ?? where;
                LayerSpec layer;
                if (SpatialLayerReader.IsSpatial(kind))
                {
                    if (!SpatialLayerReader.TryRead(
                            attribute, kind, number, LayerAttributeReader.Describe(attribute, number, token), location, name, declaration.AttributeName,
                            shape, width, timeInput, offset, LayerDescriptors.Dynamics, diagnostics, ref widthError, out layer))
                    {
                        continue;
                    }
                }
                else if (!LayerAttributeReader.TryReadLayer(
                        attribute, kind == LayerAttributeKind.Dense, number, location, name, width, timeInput, offset,
                        LayerDescriptors.Dynamics, diagnostics, ref widthError, out layer))
                {
                    continue;
                }

                layers.Add(layer);
                budget.Layer(layer, location, LayerAttributeReader.Describe(attribute, number, token));
                if (layer.IsMap)
                {
                    offset += layer.ParameterCount;
                    width = layer.Outputs;
                    shape = layer.Spatial?.Out;
                    lastDense = number;
                    lastDenseLocation = location;
                    lastDenseText = LayerAttributeReader.Describe(attribute, number, token);
                }
            }

            if (LayerAttributeReader.CheckSomeDense(layers, name, where, LayerDescriptors.Dynamics, diagnostics)
                && width != stateSize && stateSize > 0 && !widthError)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsOutputWidth, lastDenseLocation, name, Literals.Int(lastDense), Literals.Int(width), Literals.Int(stateSize)));
            }
            else if (shape is not null && declaration.InputShape is { } state && shape != state && !widthError)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpatialStateShape, lastDenseLocation, lastDenseText, name, shape.ToString(), state.ToString()));
            }

            return layers;
        }
    }
}
