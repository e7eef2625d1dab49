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
        public static Result<DynamicsSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
        {
            var diagnostics = new List<DiagnosticInfo>();
            if (DeclarationChecks.IsRepeat(context, Rules, diagnostics, token))
            {
                return Result<DynamicsSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            string name = type.Name;
            AttributeData dynamics = DeclarationChecks.OwnAttribute(context);
            Location where = LayerAttributeReader.LocationOf(dynamics, token) ?? syntax.Identifier.GetLocation();
            bool shape = LayerAttributeReader.CheckDeclaration(type, syntax, where, LayerDescriptors.Dynamics, diagnostics);

            int stateSize = 0;
            bool isDouble = false, timeInput = false;
            foreach (KeyValuePair<string, TypedConstant> pair in dynamics.NamedArguments)
            {
                switch (pair.Key)
                {
                    case RuntimeContract.DynamicsAttribute.StateSize when pair.Value.Value is int size:
                        stateSize = size;
                        break;
                    case RuntimeContract.DynamicsAttribute.TimeInput when pair.Value.Value is bool time:
                        timeInput = time;
                        break;
                    case RuntimeContract.DynamicsAttribute.Precision when pair.Value.Value is ITypeSymbol precision:
                        isDouble = LayerAttributeReader.ReadPrecision(precision, name, where, LayerDescriptors.Dynamics, diagnostics);
                        break;
                }
            }

            shape &= DeclarationChecks.CheckShape(context, Rules, isDouble ? "double" : "float", diagnostics, token);
            if (stateSize <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsStateSize, where, name, Literals.Int(stateSize)));
            }

            token.ThrowIfCancellationRequested();
            ReportResiduals(type, name, diagnostics, token);
            var budget = new LayerBudget(isDouble, name, rowsBefore: 1, gradientRows: 2, LayerDescriptors.Dynamics, diagnostics);
            budget.Input(System.Math.Max(stateSize, 0), where, $"StateSize = {Literals.Int(stateSize)}");
            List<LayerSpec> layers = ReadLayers(type, syntax, name, stateSize, timeInput, budget, diagnostics, where, token);
            string ns = Identifiers.NamespaceOf(type), typeName = Identifiers.EscapeTypeName(name);
            if (LayerAttributeReader.HasErrors(diagnostics))
            {
                // A type that is well-formed keeps its public surface, so that the ODEK error is the only error.
                StubSpec? stub = shape ? new StubSpec(ns, typeName, type.ToDisplayString(), "class", isDouble ? "double" : "float", StubSpec.ErrorIds(diagnostics)) : null;
                return new Result<DynamicsSpec>(null, stub, diagnostics.ToEquatableArray());
            }

            var spec = new DynamicsSpec(ns, typeName, isDouble, stateSize, timeInput, layers.ToEquatableArray());
            return new Result<DynamicsSpec>(spec, null, diagnostics.ToEquatableArray());
        }

        /// <summary>Reports every <c>[Residual]</c> on the class: a <c>[Dynamics]</c> network would silently ignore it.</summary>
        private static void ReportResiduals(INamedTypeSymbol type, string name, List<DiagnosticInfo> diagnostics, CancellationToken token)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == RuntimeContract.ResidualAttribute.FullName)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsResidual, LayerAttributeReader.LocationOf(attribute, token), name));
                }
            }
        }

        /// <summary>
        /// The layer attributes of the declaration that carries <c>[Dynamics]</c>, in source order, with widths chained
        /// from the state and parameter offsets assigned in the PyTorch layout (weights, then bias, layer by layer); the
        /// last dense layer must give back the state's width. <paramref name="budget"/> counts what the layers allocate.
        /// </summary>
        private static List<LayerSpec> ReadLayers(
            INamedTypeSymbol type, TypeDeclarationSyntax syntax, string name, int stateSize, bool timeInput, LayerBudget budget,
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
                string what = LayerAttributeReader.Describe(attribute, number, token);
                bool activated = layer.Activation != ActivationKind.Identity;
                if (layer.IsDense)
                {
                    budget.Dense(layer.Inputs, layer.Outputs, layer.Bias, layer.TimeInput, activated, location, what);
                    offset += layer.ParameterCount;
                    width = layer.Outputs;
                    lastDense = number;
                    lastDenseLocation = location;
                }
                else
                {
                    budget.Rows(activated ? 2L * layer.Outputs : 0, layer.Outputs, location, what);
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
