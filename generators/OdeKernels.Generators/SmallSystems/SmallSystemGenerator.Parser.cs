using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;

namespace OdeKernels.Generators.SmallSystems;

public sealed partial class SmallSystemGenerator
{
    /// <summary>Reads a <c>[SmallOdeSystem]</c> declaration into a <see cref="SmallSystemSpec"/> and checks it.</summary>
    internal static class Parser
    {
        /// <summary>
        /// What the shared declaration checks need: only which attribute marks the type, for the rule that a type
        /// marked on several partial declarations is completed once, from the first (ODEK307 on the others). The
        /// generated member is an explicit implementation, which ODEK505 guards.
        /// </summary>
        private static readonly DeclarationRules Rules = new("SmallOdeSystem", AttributeName, IsStruct: true, new GeneratedMembers(), Array.Empty<string>(), ExclusiveWith: null);

        private const string OdeSystemMetadataName = RuntimeContract.IOdeSystem.FullName + "`1";
        private const string SmallOdeSystemMetadataName = RuntimeContract.ISmallOdeSystem.FullName + "`2";

        public static Result<SmallSystemSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var diagnostics = new List<DiagnosticInfo>();
            if (DeclarationChecks.IsRepeat(context, Rules, diagnostics, token))
            {
                return Result<SmallSystemSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            Location identifier = syntax.Identifier.GetLocation();
            if (KindProblem(type, syntax) is { } what)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SmallSystemKind, identifier, type.Name, what));
                return Result<SmallSystemSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            Compilation compilation = context.SemanticModel.Compilation;
            INamedTypeSymbol? odeSystem = compilation.GetTypeByMetadataName(OdeSystemMetadataName);
            INamedTypeSymbol[] implemented = type.AllInterfaces.Where(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, odeSystem)).ToArray();
            string? element = implemented.Length == 1 ? ElementName(implemented[0].TypeArguments[0]) : null;
            if (element is null)
            {
                string problem = implemented.Length == 0 ? "does not implement IOdeSystem<T>"
                    : implemented.Length > 1 ? $"implements {string.Join(" and ", implemented.Select(i => i.ToDisplayString()))}"
                    : $"implements {implemented[0].ToDisplayString()}";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SmallSystemInterface, identifier, type.Name, problem));
                return Result<SmallSystemSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            INamedTypeSymbol? smallSystem = compilation.GetTypeByMetadataName(SmallOdeSystemMetadataName);
            if (type.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, smallSystem)) is { } existing)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SmallSystemAlreadyImplemented, identifier, type.Name, existing.ToDisplayString()));
                return Result<SmallSystemSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            token.ThrowIfCancellationRequested();
            INamedTypeSymbol odeSystemOfT = implemented[0];
            int size = StateSize(compilation, type, odeSystemOfT, identifier, diagnostics, token);
            var evaluate = odeSystemOfT.GetMembers(RuntimeContract.IOdeSystem.Evaluate).OfType<IMethodSymbol>().Select(m => type.FindImplementationForInterfaceMember(m)).OfType<IMethodSymbol>().FirstOrDefault();
            Translation? translation = evaluate is null || size == 0 ? null : Translator.Translate(compilation, type, evaluate, size, identifier, diagnostics, token);
            if (translation is null || diagnostics.Count > 0)
            {
                return Result<SmallSystemSpec>.Nothing(diagnostics.ToEquatableArray());
            }

            var spec = new SmallSystemSpec(
                Identifiers.NamespaceOf(type),
                Identifiers.EscapeTypeName(type.Name),
                type.IsRecord ? "record struct" : "struct",
                element,
                size,
                translation.TimeName,
                translation.Usings,
                translation.NamespaceUsings,
                translation.Statements,
                translation.ContractedStatements);
            return new Result<SmallSystemSpec>(spec, null, EquatableArray<DiagnosticInfo>.Empty);
        }

        /// <summary>What keeps the type from being completed ("a class", "nested in 'Outer'", ...), or null.</summary>
        private static string? KindProblem(INamedTypeSymbol type, TypeDeclarationSyntax syntax) =>
            type.TypeKind switch
            {
                TypeKind.Class => type.IsRecord ? "a record" : "a class",
                TypeKind.Interface => "an interface",
                TypeKind.Struct when type.IsRefLikeType => "a ref struct, which cannot be a type argument of the solver",
                TypeKind.Struct when type.IsFileLocal => "a file-local struct, which code generated into another file cannot complete",
                TypeKind.Struct when !syntax.Modifiers.Any(SyntaxKind.PartialKeyword) => "not declared partial",
                TypeKind.Struct when type.ContainingType is not null => $"nested in '{type.ContainingType.Name}'",
                TypeKind.Struct when type.IsGenericType => "generic",
                TypeKind.Struct => null,
                _ => "not a struct",
            };

        /// <summary>The element type as generated code writes it, or null for one the state form does not take.</summary>
        private static string? ElementName(ITypeSymbol element) => element.SpecialType switch
        {
            SpecialType.System_Double => "double",
            SpecialType.System_Single => "float",
            _ => null,
        };

        /// <summary>
        /// The constant <c>StateSize</c> returns, or 0 after reporting why there is none (not a constant, not 2..4).
        /// </summary>
        private static int StateSize(Compilation compilation, INamedTypeSymbol type, INamedTypeSymbol odeSystem, Location identifier, List<DiagnosticInfo> diagnostics, CancellationToken token)
        {
            IPropertySymbol? property = odeSystem.GetMembers(RuntimeContract.IOdeSystem.StateSize).OfType<IPropertySymbol>()
                .Select(p => type.FindImplementationForInterfaceMember(p)).OfType<IPropertySymbol>().FirstOrDefault();
            PropertyDeclarationSyntax? declaration = property?.DeclaringSyntaxReferences.Select(r => r.GetSyntax(token)).OfType<PropertyDeclarationSyntax>().FirstOrDefault();
            ExpressionSyntax? returned = declaration is null ? null : Returned(declaration);
            if (declaration is null || returned is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SmallSystemStateSize, declaration?.Identifier.GetLocation() ?? identifier, type.Name,
                    "is not a property that returns one expression"));
                return 0;
            }

            Optional<object?> value = compilation.GetSemanticModel(returned.SyntaxTree).GetConstantValue(returned, token);
            if (!value.HasValue || value.Value is not int size)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SmallSystemStateSize, returned.GetLocation(), type.Name, $"returns '{returned}', which is not a constant"));
                return 0;
            }

            if (size is < 2 or > 4)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SmallSystemStateSize, returned.GetLocation(), type.Name, $"is {size}"));
                return 0;
            }

            return size;
        }

        /// <summary>The one expression a property returns (<c>=&gt; 2</c>, <c>get =&gt; 2</c>, <c>get { return 2; }</c>), or null.</summary>
        private static ExpressionSyntax? Returned(PropertyDeclarationSyntax declaration)
        {
            if (declaration.ExpressionBody is { } body)
            {
                return body.Expression;
            }

            AccessorDeclarationSyntax? getter = declaration.AccessorList?.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
            return getter?.ExpressionBody?.Expression
                ?? (getter?.Body?.Statements is { Count: 1 } statements && statements[0] is ReturnStatementSyntax { Expression: { } expression } ? expression : null);
        }
    }
}
