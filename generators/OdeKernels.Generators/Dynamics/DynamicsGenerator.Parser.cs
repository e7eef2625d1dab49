using System.Collections.Generic;
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
        public static Result<DynamicsSpec?> Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            string name = type.Name;
            AttributeData dynamics = context.Attributes[0];
            Location where = LayerAttributeReader.LocationOf(dynamics, token) ?? syntax.Identifier.GetLocation();
            LayerAttributeReader.CheckDeclaration(type, syntax, where, LayerDescriptors.Dynamics, diagnostics);

            int stateSize = 0;
            bool isDouble = false, timeInput = false;
            foreach (KeyValuePair<string, TypedConstant> pair in dynamics.NamedArguments)
            {
                switch (pair.Key)
                {
                    case "StateSize" when pair.Value.Value is int size:
                        stateSize = size;
                        break;
                    case "TimeInput" when pair.Value.Value is bool time:
                        timeInput = time;
                        break;
                    case "Precision" when pair.Value.Value is ITypeSymbol precision:
                        isDouble = LayerAttributeReader.ReadPrecision(precision, name, where, LayerDescriptors.Dynamics, diagnostics);
                        break;
                }
            }

            if (stateSize <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsStateSize, where, name, Literals.Int(stateSize)));
            }

            token.ThrowIfCancellationRequested();
            List<LayerSpec> layers = ReadLayers(type, syntax, name, stateSize, timeInput, diagnostics, where, token);
            DynamicsSpec? spec = LayerAttributeReader.HasErrors(diagnostics) ? null : new DynamicsSpec(
                LayerAttributeReader.NamespaceOf(type),
                name,
                isDouble,
                stateSize,
                timeInput,
                layers.ToEquatableArray());
            return new Result<DynamicsSpec?>(spec, diagnostics.ToEquatableArray());
        }

        /// <summary>
        /// The layer attributes of the declaration that carries <c>[Dynamics]</c>, in source order, with widths chained
        /// from the state and parameter offsets assigned in the PyTorch layout (weights, then bias, layer by layer); the
        /// last dense layer must give back the state's width.
        /// </summary>
        private static List<LayerSpec> ReadLayers(
            INamedTypeSymbol type, TypeDeclarationSyntax syntax, string name, int stateSize, bool timeInput,
            List<DiagnosticInfo> diagnostics, Location where, CancellationToken token)
        {
            var found = LayerAttributeReader.Collect(type, syntax, withResidual: false, LayerDescriptors.Dynamics, diagnostics, token);
            var layers = new List<LayerSpec>();
            int width = stateSize, offset = 0, lastDense = -1;
            bool widthError = false;
            Location? lastDenseLocation = null;
            foreach ((AttributeData attribute, LayerAttributeKind kind) in found)
            {
                int number = layers.Count + 1;
                Location location = LayerAttributeReader.LocationOf(attribute, token) ?? where;
                if (!LayerAttributeReader.TryReadLayer(
                        attribute, kind == LayerAttributeKind.Dense, number, location, name, width, timeInput, offset,
                        LayerDescriptors.Dynamics, diagnostics, ref widthError, out LayerSpec layer))
                {
                    continue;
                }

                layers.Add(layer);
                if (layer.IsDense)
                {
                    offset += layer.ParameterCount;
                    width = layer.Outputs;
                    lastDense = number;
                    lastDenseLocation = location;
                }
            }

            if (LayerAttributeReader.CheckSomeDense(layers, name, where, LayerDescriptors.Dynamics, diagnostics)
                && width != stateSize && stateSize > 0 && !widthError)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsOutputWidth, lastDenseLocation, name, Literals.Int(lastDense), Literals.Int(width), Literals.Int(stateSize)));
            }

            return layers;
        }
    }
}
