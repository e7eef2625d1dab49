using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Activations.ActivationExpression;

namespace OdeKernels.Generators.Activations;

/// <summary>
/// Renders <see cref="ActivationTable"/> as CUDA C: <c>ode_forward_x(x)</c> (with a kept exponential:
/// <c>ode_forward_x(x, &amp;e)</c>) and <c>ode_backward_x(g, v)</c> = g·X'(x), v as in
/// <see cref="ActivationFormula.BackwardInput"/>: the operations of the C# kernels (<see cref="CSharpActivationPrinter"/>)
/// in the same order, with the device's exp, log and (float tanh) expm1 in place of the C# kernels' own, so accurate
/// alike though not bit for bit equal. The formulas' comments stay in the C#; the device code carries the operations.
/// <c>ode_exp</c>, <c>ode_log</c>, <c>ode_sin</c>, <c>ode_cos</c>, <c>ode_abs</c> and <c>ode_max0</c> (max(x, 0), NaN
/// kept) come from the solver's prelude; the element type is <c>ode_t</c>.
/// </summary>
internal static class CudaActivationPrinter
{
    private const string Element = "ode_t";

    /// <summary>The pointer parameter through which the forward pass hands out its kept exponential.</summary>
    private const string KeptOut = "kept";

    public static string ForwardName(ActivationKind activation) => "ode_forward_" + Name(activation);

    public static string BackwardName(ActivationKind activation) => "ode_backward_" + Name(activation);

    public static string SecondName(ActivationKind activation) => "ode_second_" + Name(activation);

    /// <summary>
    /// Emits the device functions of <paramref name="formulas"/> for <c>ode_t</c> = float or double, with the second
    /// derivatives <c>ode_second_x(g, x, y[, e])</c> if <paramref name="second"/> (no device kernel calls them yet: the
    /// CUDA backend has no divergence).
    /// </summary>
    public static void Emit(SourceWriter w, IEnumerable<ActivationFormula> formulas, bool isDouble, bool second = false)
    {
        foreach (ActivationFormula formula in formulas)
        {
            string kept = formula.KeepsExponential ? $", {Element}* {KeptOut}" : string.Empty;
            EmitFunction(w, isDouble, $"__device__ __forceinline__ {Element} {ForwardName(formula.Kind)}({Element} x{kept})", formula.Forward(isDouble));
            EmitFunction(w, isDouble, $"__device__ __forceinline__ {Element} {BackwardName(formula.Kind)}({Element} g, {Element} {formula.BackwardInput})", formula.Backward);
            if (second)
            {
                string inputs = string.Concat(formula.SecondInputs.Select(input => $", {Element} {input}"));
                EmitFunction(w, isDouble, $"__device__ __forceinline__ {Element} {SecondName(formula.Kind)}({Element} g{inputs})", formula.Second);
            }
        }
    }

    private static string Name(ActivationKind activation) => activation.ToString().ToLowerInvariant();

    private static void EmitFunction(SourceWriter w, bool isDouble, string signature, ActivationBody body)
    {
        w.Open(signature);
        foreach (ActivationStatement statement in body.Statements)
        {
            foreach (string line in Statement(isDouble, statement))
            {
                w.Line(line);
            }
        }

        w.Close();
        w.Line();
    }

    private static IEnumerable<string> Statement(bool isDouble, ActivationStatement statement) => statement switch
    {
        Let { Value: Comparison } let => new[] { $"bool {let.Name} = {Top(isDouble, let.Value)};" },
        Let let => new[] { $"{Element} {let.Name} = {Top(isDouble, let.Value)};" },
        Assign assign => new[] { $"{assign.Name} = {Top(isDouble, assign.Value)};" },
        KeepExponential keep => new[] { $"{Element} {KeptName} = {Top(isDouble, keep.Value)};", $"*{KeptOut} = {KeptName};" },
        KeepExponentialMinusOne m => new[]
        {
            $"{Element} {m.Argument} = {Top(isDouble, m.Value)};",
            $"{Element} {KeptName} = ode_exp({m.Argument});",
            $"*{KeptOut} = {KeptName};",
            $"{Element} {m.Name} = {(isDouble ? "expm1" : "expm1f")}({m.Argument});",
        },
        Return r => new[] { $"return {Top(isDouble, r.Value)};" },
        _ => throw new InvalidOperationException($"{statement} has no CUDA C form."),
    };

    /// <summary>An expression where it stands alone (a statement's value, a call's argument, a branch): no parentheses.</summary>
    private static string Top(bool isDouble, ActivationExpression e) => e switch
    {
        Constant c => $"({Element}){Literals.CDouble(c.Value)}",
        Variable x => x.Name,
        Call call => $"{call.Primitive switch
        {
            Primitive.Abs => "ode_abs",
            Primitive.Exp => "ode_exp",
            Primitive.Log => "ode_log",
            Primitive.Sin => "ode_sin",
            Primitive.Cos => "ode_cos",
            Primitive.PositivePart => "ode_max0",
            _ => throw new InvalidOperationException($"{call.Primitive} has no CUDA C form."),
        }}({Top(isDouble, call.Argument)})",
        Negate n => "-" + Operand(isDouble, n.Operand),
        Arithmetic a => string.Join($" {Symbol(a.Operator)} ", a.Operands.Select(o => Operand(isDouble, o))),
        Comparison c => $"{Operand(isDouble, c.Left)} {c.Operator switch { ComparisonOperator.Less => "<", ComparisonOperator.Greater => ">", _ => "==" }} {Operand(isDouble, c.Right)}",

        // ?: binds loosest but for assignment, so only a conditional as the condition needs parentheses.
        Selection s => $"{(s.Condition is Selection ? Operand(isDouble, s.Condition) : Top(isDouble, s.Condition))} ? {Top(isDouble, s.WhenTrue)} : {Top(isDouble, s.WhenFalse)}",
        SignCopy s => $"{(isDouble ? "copysign" : "copysignf")}({Top(isDouble, s.Magnitude)}, {Top(isDouble, s.Sign)})",
        _ => throw new InvalidOperationException($"{e} has no CUDA C form."),
    };

    /// <summary>An operand of an operator: parenthesized if it is an operation itself.</summary>
    private static string Operand(bool isDouble, ActivationExpression e) =>
        e is Arithmetic or Comparison or Selection ? "(" + Top(isDouble, e) + ")" : Top(isDouble, e);
}
