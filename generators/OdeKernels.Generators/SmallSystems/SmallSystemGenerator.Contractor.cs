using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Contract = OdeKernels.Generators.Common.RuntimeContract;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace OdeKernels.Generators.SmallSystems;

public sealed partial class SmallSystemGenerator
{
    /// <summary>
    /// The contracted translation (<c>IContractedSmallOdeSystem.EvaluateContracted</c>, which solves run under
    /// <c>SolverOptions.FusedMultiplyAdd</c>): the element accesses replaced as by <see cref="Translator.Rewriter"/>,
    /// and every sum or difference of one floating-point type with a product of that type as an operand computed as
    /// one fused multiply-add, as GCC and Clang contract C and C++ by default (<c>-ffp-contract=fast</c>; Boost.Odeint
    /// users' right-hand sides are compiled so):
    /// <list type="bullet">
    /// <item>a·b + c → fma(a, b, c) and a·b − c → fma(a, b, −c): the left operand's product first, so a·b + c·d fuses a·b;</item>
    /// <item>c + a·b → fma(a, b, c) and c − a·b → fma(−a, b, c);</item>
    /// <item><c>x += a·b</c> → x = fma(a, b, x) and <c>x -= a·b</c> → x = fma(−a, b, x), for x a local, a parameter, a
    /// field or a state or derivative element (read once either way).</item>
    /// </list>
    /// A product whose value is a compile-time constant is not fused (C# folds it, as GCC does before contracting);
    /// products and sums of another type (an integer product in a double sum, a float product in a double sum) are
    /// left as written. Negation is exact, so fma(a, b, −c) is a·b − c rounded once. The calls
    /// (<c>Contraction.MultiplyAdd(a, b, c)</c>, <c>Contraction.AddProduct(c, a, b)</c>) take their operands in the
    /// order the source wrote them, so that C#'s left-to-right evaluation, and any side effect in an operand, is kept.
    /// </summary>
    internal sealed class Contractor : Translator.Rewriter
    {
        private readonly SemanticModel _model;
        private readonly CancellationToken _token;

        public Contractor(Dictionary<ElementAccessExpressionSyntax, string> replacements, SemanticModel model, CancellationToken token)
            : base(replacements) => (_model, _token) = (model, token);

        public override SyntaxNode? VisitBinaryExpression(BinaryExpressionSyntax node)
        {
            bool subtract = node.IsKind(SyntaxKind.SubtractExpression);
            if ((subtract || node.IsKind(SyntaxKind.AddExpression)) && Floating(node) is { } type)
            {
                if (Product(node.Left, type) is { } left)
                {
                    ExpressionSyntax addend = Rewrite(node.Right);
                    return Call(Contract.Contraction.MultiplyAdd, Rewrite(left.Left), Rewrite(left.Right), subtract ? Negate(addend) : addend).WithTriviaFrom(node);
                }

                if (Product(node.Right, type) is { } right)
                {
                    ExpressionSyntax augend = Rewrite(node.Left), factor = Rewrite(right.Left);
                    return Call(Contract.Contraction.AddProduct, augend, subtract ? Negate(factor) : factor, Rewrite(right.Right)).WithTriviaFrom(node);
                }
            }

            return base.VisitBinaryExpression(node);
        }

        public override SyntaxNode? VisitAssignmentExpression(AssignmentExpressionSyntax node)
        {
            bool subtract = node.IsKind(SyntaxKind.SubtractAssignmentExpression);
            if ((subtract || node.IsKind(SyntaxKind.AddAssignmentExpression)) && Floating(node.Left) is { } type
                && Product(node.Right, type) is { } product && ReadsOnce(node.Left))
            {
                ExpressionSyntax target = Rewrite(node.Left), factor = Rewrite(product.Left);
                return AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    target,
                    Call(Contract.Contraction.AddProduct, target, subtract ? Negate(factor) : factor, Rewrite(product.Right))).WithTriviaFrom(node);
            }

            return base.VisitAssignmentExpression(node);
        }

        private ExpressionSyntax Rewrite(ExpressionSyntax node) => (ExpressionSyntax)Visit(node)!;

        /// <summary>double or float, the type of <paramref name="expression"/>, or null for any other.</summary>
        private SpecialType? Floating(ExpressionSyntax expression) =>
            _model.GetTypeInfo(expression, _token).Type?.SpecialType switch
            {
                SpecialType.System_Double => SpecialType.System_Double,
                SpecialType.System_Single => SpecialType.System_Single,
                _ => null,
            };

        /// <summary><paramref name="operand"/> (parentheses aside) as a product of <paramref name="type"/> that is not a constant, or null.</summary>
        private BinaryExpressionSyntax? Product(ExpressionSyntax operand, SpecialType type)
        {
            while (operand is ParenthesizedExpressionSyntax parenthesized)
            {
                operand = parenthesized.Expression;
            }

            return operand is BinaryExpressionSyntax product && product.IsKind(SyntaxKind.MultiplyExpression)
                && _model.GetTypeInfo(product, _token).Type?.SpecialType == type
                && !_model.GetConstantValue(product, _token).HasValue
                ? product
                : null;
        }

        /// <summary>
        /// Whether <c>x = fma(a, b, x)</c> reads and writes the same variable as <c>x += a·b</c> with no more
        /// evaluation: a translated element, or a name or <c>this.name</c> that is a local, a parameter or a field
        /// (a property's getter and setter, or an indexer's arguments, would run again).
        /// </summary>
        private bool ReadsOnce(ExpressionSyntax target) => target switch
        {
            ElementAccessExpressionSyntax access => IsReplaced(access),
            IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } =>
                _model.GetSymbolInfo(target, _token).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol,
            _ => false,
        };

        private static ExpressionSyntax Negate(ExpressionSyntax operand) =>
            PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, ParenthesizedExpression(operand.WithoutTrivia()));

        private static InvocationExpressionSyntax Call(string method, params ExpressionSyntax[] arguments) =>
            InvocationExpression(
                ParseExpression(Contract.Contraction.Global + "." + method),
                ArgumentList(SeparatedList(System.Linq.Enumerable.Select(arguments, a => Argument(a.WithoutTrivia())))));
    }
}
