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
internal sealed record Translation(string TimeName, EquatableArray<string> Usings, EquatableArray<string> NamespaceUsings, EquatableArray<string> Statements, EquatableArray<string> ContractedStatements);

public sealed partial class SmallSystemGenerator
{
    /// <summary>
    /// Translates a span <c>Evaluate(t, y, dydt)</c> into the body of its by-value form. Local declarations,
    /// expression statements, blocks and <c>if</c>/<c>else</c> are taken, and the spans only as elements at constant indices:
    /// every <c>y[k]</c> becomes the local <see cref="StateLocal"/>, every <c>dydt[k]</c> the local
    /// <see cref="DerivativeLocal"/>, which the generated method returns as the state. Every derivative must be
    /// assigned on every path before it is read and by the end; the span version would otherwise read or return whatever the
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
            // The body as the walker takes it (the block, or the expression of an expression body), and the units the
            // state form copies: the block's statements, or that expression.
            SyntaxNode body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!.Expression;
            SyntaxNode[] units = declaration.Body is { } block ? block.Statements.ToArray() : new[] { body };

            // A directive's other half may lie outside the statements copied (before the closing brace), and disabled
            // text would be copied as it is: neither is worth translating.
            if (units.FirstOrDefault(u => u.ContainsDirectives) is { } directive)
            {
                return Refuse(type, directive.GetLocation(), "it contains preprocessor directives", diagnostics);
            }

            IParameterSymbol dydt = evaluate.Parameters[2];
            var walker = new Walker(model, evaluate.Parameters[1], dydt, size, token);
            if (walker.Walk(body, new bool[size]) is not { } assigned)
            {
                return Refuse(type, walker.FailureLocation!, walker.Failure!, diagnostics);
            }

            for (int k = 0; k < size; k++)
            {
                if (!assigned[k])
                {
                    return Refuse(type, declaration.Identifier.GetLocation(), $"it does not assign '{dydt.Name}[{k}]' on every path", diagnostics);
                }
            }

            HashSet<string> taken = new(body.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            if (Enumerable.Range(0, size).SelectMany(k => new[] { StateLocal(k), DerivativeLocal(k) }).Append(StateParameter).FirstOrDefault(taken.Contains) is { } clash)
            {
                return Refuse(type, identifier, $"it uses the name '{clash}', which the state form declares", diagnostics);
            }

            EquatableArray<string> Print(Rewriter rewriter) => units
                .Where(u => u is not EmptyStatementSyntax)
                .Select(u => rewriter.Visit(u).NormalizeWhitespace(eol: "\n").ToFullString().TrimEnd() + (u is StatementSyntax ? string.Empty : ";"))
                .ToEquatableArray();
            return new Translation(
                evaluate.Parameters[0].Name,
                Usings(declaration.SyntaxTree.GetCompilationUnitRoot(token)),
                declaration.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().SelectMany(n => n.Usings).Select(u => u.NormalizeWhitespace(eol: "\n").ToFullString()).ToEquatableArray(),
                Print(new Rewriter(walker.Replacements)),
                Print(new Contractor(walker.Replacements, model, token)));
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

        /// <summary>
        /// Walks the body in execution order and records every span access's local. Straight-line statements and
        /// <c>if</c>/<c>else</c> (with blocks) are taken; a derivative counts as assigned after an <c>if</c> only when
        /// both branches assign it (C#'s definite assignment, which the generated locals are then held to), and a read
        /// needs it assigned on every path before.
        /// </summary>
        private sealed class Walker
        {
            private readonly SemanticModel _model;
            private readonly IParameterSymbol _y, _dydt;
            private readonly int _size;
            private readonly CancellationToken _token;

            public Walker(SemanticModel model, IParameterSymbol y, IParameterSymbol dydt, int size, CancellationToken token) =>
                (_model, _y, _dydt, _size, _token) = (model, y, dydt, size, token);

            /// <summary>Each span access and the local that replaces it.</summary>
            public Dictionary<ElementAccessExpressionSyntax, string> Replacements { get; } = new();

            /// <summary>Why the walk stopped, and where.</summary>
            public string? Failure { get; private set; }

            public Location? FailureLocation { get; private set; }

            /// <summary>The derivatives assigned after <paramref name="node"/> ran from <paramref name="assigned"/>, or null after a refusal.</summary>
            public bool[]? Walk(SyntaxNode node, bool[] assigned)
            {
                _token.ThrowIfCancellationRequested();
                switch (node)
                {
                    case BlockSyntax block:
                        bool[]? current = assigned;
                        foreach (StatementSyntax statement in block.Statements)
                        {
                            current = current is null ? null : Walk(statement, current);
                        }

                        return current;
                    case IfStatementSyntax conditional:
                        if (Uses(conditional.Condition, assigned) is null)
                        {
                            return null;
                        }

                        bool[]? then = Walk(conditional.Statement, (bool[])assigned.Clone());
                        bool[]? otherwise = conditional.Else is null ? assigned : Walk(conditional.Else.Statement, (bool[])assigned.Clone());
                        return then is null || otherwise is null ? null : then.Zip(otherwise, (a, b) => a && b).ToArray();
                    case EmptyStatementSyntax:
                        return assigned;
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0 } or ExpressionStatementSyntax or ExpressionSyntax:
                        return Uses(node, assigned);
                    default:
                        return Fail(node, $"it contains {Describe((StatementSyntax)node)}, and only straight-line code and if/else are translated");
                }
            }

            /// <summary>The span accesses of one statement or expression: checked, recorded, its writes applied after it.</summary>
            private bool[]? Uses(SyntaxNode unit, bool[] assigned)
            {
                var writes = new List<int>();
                foreach (IdentifierNameSyntax name in unit.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                {
                    ISymbol? symbol = _model.GetSymbolInfo(name, _token).Symbol;
                    if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } captured)
                    {
                        // The generated part of the type does not see a primary constructor's parameters.
                        return Fail(name, $"it reads the primary constructor parameter '{captured.Name}', which only the declaration with the parameter list sees (keep it in a field)");
                    }

                    bool isState = SymbolEqualityComparer.Default.Equals(symbol, _y), isDerivative = SymbolEqualityComparer.Default.Equals(symbol, _dydt);
                    if (!isState && !isDerivative)
                    {
                        continue;
                    }

                    if (Element(name, _model, _size, _token, out int k) is not { } access)
                    {
                        return Fail(name, $"'{name.Parent}' uses '{name}' other than as '{name}[k]' with a constant k from 0 to {_size - 1}");
                    }

                    if (ByReference(access))
                    {
                        return Fail(access, $"'{access.Parent}' takes '{access}' by reference");
                    }

                    if (isState)
                    {
                        Replacements[access] = StateLocal(k);
                        continue;
                    }

                    bool isTarget = access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access;
                    if (isTarget && access.Parent!.Parent is not ExpressionStatementSyntax && access.Parent != unit)
                    {
                        return Fail(access.Parent, $"'{access.Parent}' assigns '{access}' inside an expression");
                    }

                    bool reads = !isTarget || !access.Parent!.IsKind(SyntaxKind.SimpleAssignmentExpression);
                    if (reads && !assigned[k])
                    {
                        return Fail(access, $"it reads '{access}' before assigning it on every path");
                    }

                    if (isTarget)
                    {
                        writes.Add(k);
                    }

                    Replacements[access] = DerivativeLocal(k);
                }

                bool[] after = (bool[])assigned.Clone();
                foreach (int k in writes)
                {
                    after[k] = true;
                }

                return after;
            }

            private bool[]? Fail(SyntaxNode node, string reason)
            {
                Failure = reason;
                FailureLocation = node.GetLocation();
                return null;
            }
        }

        private static Translation? Refuse(INamedTypeSymbol type, Location location, string reason, List<DiagnosticInfo> diagnostics)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SmallSystemEvaluate, location, type.Name, reason));
            return null;
        }

        private static string Describe(StatementSyntax statement) => statement switch
        {
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

        /// <summary>Replaces each recorded element access by its local (the exact translation; <see cref="Contractor"/> contracts too).</summary>
        internal class Rewriter : CSharpSyntaxRewriter
        {
            private readonly Dictionary<ElementAccessExpressionSyntax, string> _replacements;

            public Rewriter(Dictionary<ElementAccessExpressionSyntax, string> replacements) => _replacements = replacements;

            /// <summary>Whether <paramref name="access"/> is a span element that becomes a local.</summary>
            protected bool IsReplaced(ElementAccessExpressionSyntax access) => _replacements.ContainsKey(access);

            public override SyntaxNode? VisitElementAccessExpression(ElementAccessExpressionSyntax node) =>
                _replacements.TryGetValue(node, out string? local)
                    ? SyntaxFactory.IdentifierName(local).WithTriviaFrom(node)
                    : base.VisitElementAccessExpression(node);
        }
    }
}
