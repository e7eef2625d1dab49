using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    /// <summary>Reads a <c>[Dynamics]</c> declaration and its layer attributes into a <see cref="DynamicsSpec"/> and checks it.</summary>
    internal static class Parser
    {
        private const string DenseName = "OdeKernels.DenseAttribute";
        private const string PointwiseName = "OdeKernels.PointwiseAttribute";
        private const int ActivationCount = 9;

        public static Result<DynamicsSpec?> Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            string name = type.Name;
            AttributeData dynamics = context.Attributes[0];
            Location where = LocationOf(dynamics, token) ?? syntax.Identifier.GetLocation();

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsNotPartial, where, name));
            }

            if (type.ContainingType is not null || type.IsGenericType)
            {
                string what = type.ContainingType is not null ? $"nested in '{type.ContainingType.Name}'" : "generic";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsNestedOrGeneric, where, name, what));
            }

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
                        isDouble = precision.SpecialType == SpecialType.System_Double;
                        if (precision.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsPrecision, where, name, precision.ToDisplayString()));
                        }

                        break;
                }
            }

            if (stateSize <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsStateSize, where, name, Literals.Int(stateSize)));
            }

            token.ThrowIfCancellationRequested();
            List<LayerSpec> layers = ReadLayers(type, syntax, name, stateSize, timeInput, diagnostics, where, token);
            bool failed = diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
            DynamicsSpec? spec = failed ? null : new DynamicsSpec(
                type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
                name,
                isDouble,
                stateSize,
                timeInput,
                layers.ToEquatableArray());
            return new Result<DynamicsSpec?>(spec, diagnostics.ToEquatableArray());
        }

        /// <summary>
        /// The layer attributes of the declaration that carries <c>[Dynamics]</c>, in source order, with widths chained
        /// from the state and parameter offsets assigned in the PyTorch layout (weights, then bias, layer by layer).
        /// </summary>
        private static List<LayerSpec> ReadLayers(
            INamedTypeSymbol type, TypeDeclarationSyntax syntax, string name, int stateSize, bool timeInput,
            List<DiagnosticInfo> diagnostics, Location where, CancellationToken token)
        {
            var found = new List<(int Position, AttributeData Attribute, bool IsDense)>();
            foreach (AttributeData attribute in type.GetAttributes())
            {
                string? attributeName = attribute.AttributeClass?.ToDisplayString();
                if (attributeName is not (DenseName or PointwiseName) || attribute.ApplicationSyntaxReference is not { } reference)
                {
                    continue;
                }

                if (reference.SyntaxTree != syntax.SyntaxTree || !syntax.Span.Contains(reference.Span))
                {
                    string shortName = attributeName == DenseName ? "Dense" : "Pointwise";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsLayerElsewhere, reference.GetSyntax(token).GetLocation(), shortName, name));
                    continue;
                }

                found.Add((reference.Span.Start, attribute, attributeName == DenseName));
            }

            var layers = new List<LayerSpec>();
            int width = stateSize, offset = 0, lastDense = -1;
            bool widthError = false;
            Location? lastDenseLocation = null;
            foreach ((_, AttributeData attribute, bool isDense) in found.OrderBy(f => f.Position))
            {
                int number = layers.Count + 1;
                Location location = LocationOf(attribute, token) ?? where;
                if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
                {
                    continue; // The compiler reports the malformed attribute.
                }

                TypedConstant activationArgument = attribute.ConstructorArguments[isDense ? 1 : 0];
                int activation = activationArgument.Value is int a ? a : 0;
                if (activation < 0 || activation >= ActivationCount)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsUnknownActivation, location, Literals.Int(number), name, Literals.Int(activation)));
                }

                if (!isDense)
                {
                    layers.Add(new LayerSpec(false, width, width, (ActivationKind)activation, false, false, -1, -1));
                    continue;
                }

                int outputs = attribute.ConstructorArguments[0].Value is int o ? o : 0;
                bool bias = !attribute.NamedArguments.Any(p => p.Key == "Bias" && p.Value.Value is false);
                if (outputs <= 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsLayerWidth, location, Literals.Int(number), name, Literals.Int(outputs)));
                    outputs = 1; // Keep chaining widths so later layers are still checked.
                    widthError = true;
                }

                var layer = new LayerSpec(true, width, outputs, (ActivationKind)activation, bias, timeInput, offset, bias ? offset + (outputs * (width + (timeInput ? 1 : 0))) : -1);
                layers.Add(layer);
                offset += layer.ParameterCount;
                width = outputs;
                lastDense = number;
                lastDenseLocation = location;
            }

            if (lastDense < 0)
            {
                string what = layers.Count == 0 ? "no layers" : $"only pointwise layers ({Literals.Int(layers.Count)})";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsNoDenseLayer, where, name, what));
            }
            else if (width != stateSize && stateSize > 0 && !widthError)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DynamicsOutputWidth, lastDenseLocation, name, Literals.Int(lastDense), Literals.Int(width), Literals.Int(stateSize)));
            }

            return layers;
        }

        private static Location? LocationOf(AttributeData attribute, CancellationToken token) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(token).GetLocation();
    }
}
