using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;

namespace OdeKernels.Generators.SmallSystems;

/// <summary>A span <c>Evaluate</c> translated to locals: its statements, its time parameter and the usings it needs.</summary>
internal sealed record Translation(string TimeName, EquatableArray<string> Usings, EquatableArray<string> NamespaceUsings, EquatableArray<string> Statements);

public sealed partial class SmallSystemGenerator
{
    /// <summary>
    /// Translates a span <c>Evaluate(t, y, dydt)</c> into the body of its by-value form. Only straight-line code is
    /// taken (local declarations and expression statements), and the spans only as elements at constant indices:
    /// every <c>y[k]</c> becomes the local <see cref="StateLocal"/>, every <c>dydt[k]</c> the local
    /// <see cref="DerivativeLocal"/>, which the generated method returns as the state. Every derivative must be
    /// assigned before it is read and by the end; the span version would otherwise read or return whatever the
    /// solver's buffer held, which the state form cannot reproduce. The expressions are kept as written, so both forms
    /// compute the same values with the same roundings.
    /// </summary>
    internal static class Translator
    {
        /// <summary>The local that holds component <paramref name="k"/> of the state.</summary>
        public static string StateLocal(int k) => "__ode_y" + k;

        /// <summary>The local that receives component <paramref name="k"/> of the derivative.</summary>
        public static string DerivativeLocal(int k) => "__ode_f" + k;

        /// <summary>The parameter of the generated method that holds the state.</summary>
        public const string StateParameter = "__ode_state";

        /// <summary>Translates <paramref name="evaluate"/>, or reports why it cannot and returns null.</summary>
        public static Translation? Translate(Compilation compilation, INamedTypeSymbol type, IMethodSymbol evaluate, int size, Location identifier, List<DiagnosticInfo> diagnostics, CancellationToken token)
        {
            var declaration = evaluate.DeclaringSyntaxReferences.Select(r => r.GetSyntax(token)).OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Body is not null || m.ExpressionBody is not null);
            if (declaration is null)
            {
                return Refuse(type, identifier, "it has no body in source", diagnostics);
            }

            SemanticModel model = compilation.GetSemanticModel(declaration.SyntaxTree);
            // The units in order: the block's statements, or the expression of an expression body.
            SyntaxNode[] units = declaration.Body is { } block ? block.Statements.ToArray() : new SyntaxNode[] { declaration.ExpressionBody!.Expression };
            foreach (StatementSyntax statement in units.OfType<StatementSyntax>())
            {
                if (statement is not (LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0 } or ExpressionStatementSyntax or EmptyStatementSyntax))
                {
                    return Refuse(type, statement.GetLocation(), $"it contains {Describe(statement)}, and only straight-line code is translated", diagnostics);
                }
            }

            // A directive's other half may lie outside the statements copied (before the closing brace), and disabled
            // text would be copied as it is: neither is worth translating.
            if (units.FirstOrDefault(u => u.ContainsDirectives) is { } directive)
            {
                return Refuse(type, directive.GetLocation(), "it contains preprocessor directives", diagnostics);
            }

            IParameterSymbol y = evaluate.Parameters[1], dydt = evaluate.Parameters[2];
            var replacements = new Dictionary<ElementAccessExpressionSyntax, string>();
            var assigned = new bool[size];
            foreach (SyntaxNode unit in units)
            {
                var writes = new List<int>();
                foreach (IdentifierNameSyntax name in unit.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                {
                    ISymbol? symbol = model.GetSymbolInfo(name, token).Symbol;
                    if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } captured)
                    {
                        // The generated part of the type does not see a primary constructor's parameters.
                        return Refuse(type, name.GetLocation(), $"it reads the primary constructor parameter '{captured.Name}', which only the declaration with the parameter list sees (keep it in a field)", diagnostics);
                    }

                    bool isState = SymbolEqualityComparer.Default.Equals(symbol, y), isDerivative = SymbolEqualityComparer.Default.Equals(symbol, dydt);
                    if (!isState && !isDerivative)
                    {
                        continue;
                    }

                    if (Element(name, model, size, token, out int k) is not { } access)
                    {
                        return Refuse(type, name.GetLocation(), $"'{name.Parent}' uses '{name}' other than as '{name}[k]' with a constant k from 0 to {size - 1}", diagnostics);
                    }

                    if (ByReference(access))
                    {
                        return Refuse(type, access.GetLocation(), $"'{access.Parent}' takes '{access}' by reference", diagnostics);
                    }

                    if (isState)
                    {
                        replacements[access] = StateLocal(k);
                        continue;
                    }

                    bool isTarget = access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access;
                    if (isTarget && access.Parent!.Parent is not ExpressionStatementSyntax && access.Parent != unit)
                    {
                        return Refuse(type, access.Parent.GetLocation(), $"'{access.Parent}' assigns '{access}' inside an expression", diagnostics);
                    }

                    bool reads = !isTarget || !access.Parent!.IsKind(SyntaxKind.SimpleAssignmentExpression);
                    if (reads && !assigned[k])
                    {
                        return Refuse(type, access.GetLocation(), $"it reads '{access}' before assigning it", diagnostics);
                    }

                    if (isTarget)
                    {
                        writes.Add(k);
                    }

                    replacements[access] = DerivativeLocal(k);
                }

                foreach (int k in writes)
                {
                    assigned[k] = true;
                }

                token.ThrowIfCancellationRequested();
            }

            for (int k = 0; k < size; k++)
            {
                if (!assigned[k])
                {
                    return Refuse(type, declaration.Identifier.GetLocation(), $"it never assigns '{dydt.Name}[{k}]'", diagnostics);
                }
            }

            SyntaxNode root = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!;
            HashSet<string> taken = new(root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            if (Enumerable.Range(0, size).SelectMany(k => new[] { StateLocal(k), DerivativeLocal(k) }).Append(StateParameter).FirstOrDefault(taken.Contains) is { } clash)
            {
                return Refuse(type, identifier, $"it uses the name '{clash}', which the state form declares", diagnostics);
            }

            var rewriter = new Rewriter(replacements);
            EquatableArray<string> translated = units
                .Where(u => u is not EmptyStatementSyntax)
                .Select(u => rewriter.Visit(u).NormalizeWhitespace(eol: "\n").ToFullString().TrimEnd() + (u is StatementSyntax ? string.Empty : ";"))
                .ToEquatableArray();
            return new Translation(
                evaluate.Parameters[0].Name,
                Usings(declaration.SyntaxTree.GetCompilationUnitRoot(token)),
                declaration.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().SelectMany(n => n.Usings).Select(u => u.NormalizeWhitespace(eol: "\n").ToFullString()).ToEquatableArray(),
                translated);
        }

        /// <summary>
        /// The element access <c>name[k]</c> that <paramref name="name"/> is the span of, with k a constant from 0 to
        /// <paramref name="size"/> - 1, or null.
        /// </summary>
        private static ElementAccessExpressionSyntax? Element(IdentifierNameSyntax name, SemanticModel model, int size, CancellationToken token, out int k)
        {
            k = -1;
            if (name.Parent is not ElementAccessExpressionSyntax access || access.Expression != name
                || access.ArgumentList.Arguments is not { Count: 1 } arguments || arguments[0] is not { RefKindKeyword.RawKind: 0, NameColon: null } argument)
            {
                return null;
            }

            Optional<object?> value = model.GetConstantValue(argument.Expression, token);
            if (!value.HasValue || value.Value is not int index || index < 0 || index >= size)
            {
                return null;
            }

            k = index;
            return access;
        }

        /// <summary>Whether the element is taken by reference (<c>ref y[0]</c>, an argument <c>ref</c>/<c>out</c>/<c>in</c>) or incremented in place.</summary>
        private static bool ByReference(ElementAccessExpressionSyntax access) =>
            access.Parent is RefExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }
                or PostfixUnaryExpressionSyntax
                || (access.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None));

        private static Translation? Refuse(INamedTypeSymbol type, Location location, string reason, List<DiagnosticInfo> diagnostics)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SmallSystemEvaluate, location, type.Name, reason));
            return null;
        }

        private static string Describe(StatementSyntax statement) => statement switch
        {
            IfStatementSyntax => "an if statement",
            ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax => "a loop",
            ReturnStatementSyntax => "a return statement",
            LocalFunctionStatementSyntax => "a local function",
            LocalDeclarationStatementSyntax => "a using declaration",
            _ => $"a statement of kind {statement.Kind()}",
        };

        /// <summary>The file's extern aliases and using directives, global ones left out (they reach the generated file anyway).</summary>
        private static EquatableArray<string> Usings(CompilationUnitSyntax unit) =>
            unit.Externs.Select(e => e.NormalizeWhitespace(eol: "\n").ToFullString())
                .Concat(unit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.NormalizeWhitespace(eol: "\n").ToFullString()))
                .ToEquatableArray();

        /// <summary>Replaces each recorded element access by its local.</summary>
        private sealed class Rewriter : CSharpSyntaxRewriter
        {
            private readonly Dictionary<ElementAccessExpressionSyntax, string> _replacements;

            public Rewriter(Dictionary<ElementAccessExpressionSyntax, string> replacements) => _replacements = replacements;

            public override SyntaxNode? VisitElementAccessExpression(ElementAccessExpressionSyntax node) =>
                _replacements.TryGetValue(node, out string? local)
                    ? SyntaxFactory.IdentifierName(local).WithTriviaFrom(node)
                    : base.VisitElementAccessExpression(node);
        }
    }
}
