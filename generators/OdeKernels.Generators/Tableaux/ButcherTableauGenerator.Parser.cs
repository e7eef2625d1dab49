using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;
using TableauAttribute = OdeKernels.Generators.Common.RuntimeContract.ButcherTableauAttribute;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>Reads a <c>[ButcherTableau]</c> declaration into a <see cref="TableauSpec"/> and checks it.</summary>
    internal static class Parser
    {
        public static Result<TableauSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
        {
            var diagnostics = new List<DiagnosticInfo>();
            if (DeclarationChecks.IsRepeat(context, Rules, diagnostics, token))
            {
                return Result<TableauSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            string name = type.Name;
            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableauNotPartial, syntax.Identifier.GetLocation(), name));
            }

            if (type.ContainingType is not null || type.IsGenericType)
            {
                string what = type.ContainingType is not null ? $"nested in '{type.ContainingType.Name}'" : "generic";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableauNestedOrGeneric, syntax.Identifier.GetLocation(), name, what));
            }

            bool shape = diagnostics.Count == 0 & DeclarationChecks.CheckShape(context, Rules, "double", diagnostics, token);
            AttributeData attribute = DeclarationChecks.OwnAttribute(context);
            var arguments = new Arguments(attribute, syntax.Identifier.GetLocation(), token);
            double[] c = arguments.Doubles(TableauAttribute.C);
            double[] a = arguments.Doubles(TableauAttribute.A);
            double[] b = arguments.Doubles(TableauAttribute.B);
            double[]? bHat = arguments.Has(TableauAttribute.BHat) ? arguments.Doubles(TableauAttribute.BHat) : null;
            int order = arguments.Int(TableauAttribute.Order);
            int embeddedOrder = arguments.Int(TableauAttribute.EmbeddedOrder);
            double[]? dense = arguments.Has(TableauAttribute.Dense) ? arguments.Doubles(TableauAttribute.Dense) : null;
            int denseOrder = arguments.Int(TableauAttribute.DenseOrder);
            double[] extraC = arguments.Doubles(TableauAttribute.ExtraC);
            double[] extraA = arguments.Doubles(TableauAttribute.ExtraA);
            token.ThrowIfCancellationRequested();

            if (shape)
            {
                var check = new TableauChecks(name, arguments, diagnostics);
                check.Run(c, a, b, bHat, order, embeddedOrder);
                check.Dense(c.Length, dense, extraC, extraA, c, a, denseOrder);
            }

            string ns = Identifiers.NamespaceOf(type), typeName = Identifiers.EscapeTypeName(name);
            string keyword = type.IsRecord ? "record struct" : "struct";
            if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                // A tableau that is well-formed keeps its public surface, so that the ODEK error is the only error.
                StubSpec? stub = shape ? new StubSpec(ns, typeName, type.ToDisplayString(), keyword, string.Empty, StubSpec.ErrorIds(diagnostics)) : null;
                return new Result<TableauSpec>(null, stub, diagnostics.ToEquatableArray());
            }

            var spec = new TableauSpec(
                ns,
                typeName,
                keyword,
                new EquatableArray<double>(c),
                new EquatableArray<double>(a),
                new EquatableArray<double>(b),
                new EquatableArray<double>(bHat ?? Array.Empty<double>()),
                order,
                bHat is null ? 0 : embeddedOrder,
                new EquatableArray<double>(dense ?? Array.Empty<double>()),
                dense is null ? 0 : denseOrder,
                new EquatableArray<double>(extraC),
                new EquatableArray<double>(extraA));
            return new Result<TableauSpec>(spec, null, diagnostics.ToEquatableArray());
        }
    }

    /// <summary>The named arguments of the attribute, with the location of each for diagnostics.</summary>
    internal sealed class Arguments
    {
        private readonly Dictionary<string, TypedConstant> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Location> _locations = new(StringComparer.Ordinal);
        private readonly Location _fallback;

        public Arguments(AttributeData attribute, Location fallback, CancellationToken token)
        {
            _fallback = attribute.ApplicationSyntaxReference?.GetSyntax(token).GetLocation() ?? fallback;
            foreach (KeyValuePair<string, TypedConstant> pair in attribute.NamedArguments)
            {
                _values[pair.Key] = pair.Value;
            }

            if (attribute.ApplicationSyntaxReference?.GetSyntax(token) is AttributeSyntax { ArgumentList: { } list })
            {
                foreach (AttributeArgumentSyntax argument in list.Arguments)
                {
                    if (argument.NameEquals is { } nameEquals)
                    {
                        _locations[nameEquals.Name.Identifier.ValueText] = argument.GetLocation();
                    }
                }
            }
        }

        public bool Has(string name) => _values.TryGetValue(name, out TypedConstant value) && !value.IsNull;

        public Location LocationOf(string name) => _locations.TryGetValue(name, out Location? location) ? location : _fallback;

        public double[] Doubles(string name)
        {
            if (!_values.TryGetValue(name, out TypedConstant value) || value.IsNull || value.Kind != TypedConstantKind.Array)
            {
                return Array.Empty<double>();
            }

            return value.Values.Select(v => v.Value is double d ? d : Convert.ToDouble(v.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        public int Int(string name) => _values.TryGetValue(name, out TypedConstant value) && value.Value is int i ? i : 0;
    }
}
