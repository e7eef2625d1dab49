using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Activations.ActivationExpression;

namespace OdeKernels.Generators.Activations;

/// <summary>
/// Renders <see cref="ActivationTable"/> as C# for one vector width of one element type: <c>ForwardX(x)</c> (with a kept
/// exponential: <c>ForwardX(x, out e)</c>) and <c>BackwardX(g, v)</c> = g·X'(x) for each activation X (v is e or x,
/// <see cref="ActivationFormula.BackwardInput"/>), on request <c>SecondX(g, x, y[, e])</c> = g·X''(x)
/// (<see cref="ActivationFormula.Second"/>), with the helpers they call. Elementwise operations only, so each lane's
/// result depends on that lane alone (the formulas fuse no multiply-add; the double exponential's polynomial does,
/// which is exactly rounded in every lane and at every width); both layer stacks emit these, so a discrete network and
/// a dynamics network compute bit for bit the same layer.
/// </summary>
internal static partial class CSharpActivationPrinter
{
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    /// <summary>The functions computed lane by lane with the scalar library (see <see cref="LaneByLane"/>).</summary>
    private static readonly Primitive[] LaneFunctions = { Primitive.Sin, Primitive.Cos };

    public static string ForwardName(ActivationKind activation) => "Forward" + activation;

    public static string BackwardName(ActivationKind activation) => "Backward" + activation;

    public static string SecondName(ActivationKind activation) => "Second" + activation;

    /// <summary>
    /// The private helpers the rendered activations may call, besides <c>ForwardX</c> and <c>BackwardX</c>: the float
    /// exponentials and a lane-by-lane helper for each scalar function a formula uses inside an expression.
    /// </summary>
    public static IEnumerable<string> HelperNames() =>
        new[] { FastExp, FastExpm1 }.Concat(ActivationTable.All
            .SelectMany(f => f.Bodies(isDouble: false, second: true).Concat(f.Bodies(isDouble: true, second: true)))
            .Where(body => LaneBody(body) is null)
            .SelectMany(body => body.Nodes())
            .OfType<Call>()
            .Where(c => LaneFunctions.Contains(c.Primitive))
            .Select(c => LaneHelper(c.Primitive))
            .Distinct()
            .OrderBy(name => name, StringComparer.Ordinal));

    /// <summary>
    /// Emits the activations <paramref name="formulas"/> for one vector width of <paramref name="element"/>, with their
    /// second derivatives if <paramref name="second"/>.
    /// </summary>
    public static void Emit(SourceWriter w, IEnumerable<ActivationFormula> formulas, string element, int bits, bool second = false)
    {
        var v = new VectorText(element, bits);
        List<ActivationFormula> used = formulas.ToList();
        List<ActivationBody> bodies = used.SelectMany(f => f.Bodies(!v.IsFloat, second)).ToList();
        if (bodies.SelectMany(b => b.Nodes()).Any(n => n is Call { Primitive: Primitive.Exp }))
        {
            EmitFastExp(w, v);
        }

        if (v.IsFloat && bodies.SelectMany(b => b.Statements).Any(s => s is KeepExponentialMinusOne))
        {
            EmitFastExpm1(w, v);
        }

        var helpers = new HashSet<Primitive>();
        foreach (ActivationFormula formula in used)
        {
            string type = v.Type;
            ActivationBody forward = formula.Forward(!v.IsFloat);
            string kept = formula.KeepsExponential ? $", out {type} {KeptName}" : string.Empty;
            EmitFunction(w, v, $"private static {type} {ForwardName(formula.Kind)}({type} x{kept})", forward);
            EmitFunction(w, v, $"private static {type} {BackwardName(formula.Kind)}({type} g, {type} {formula.BackwardInput})", formula.Backward);
            if (second)
            {
                string inputs = string.Concat(formula.SecondInputs.Select(input => $", {type} {input}"));
                EmitFunction(w, v, $"private static {type} {SecondName(formula.Kind)}({type} g{inputs})", formula.Second);
            }

            foreach (Primitive function in formula.Bodies(!v.IsFloat, second).Where(b => LaneBody(b) is null).SelectMany(b => b.Nodes()).OfType<Call>().Select(c => c.Primitive))
            {
                if (LaneFunctions.Contains(function) && helpers.Add(function))
                {
                    w.Open($"private static {type} {LaneHelper(function)}({type} x)");
                    LaneByLane(w, v, function);
                    w.Close();
                    w.Line();
                }
            }
        }
    }

    private static void EmitFunction(SourceWriter w, VectorText v, string signature, ActivationBody body)
    {
        w.Line(Inline);
        w.Open(signature);
        if (LaneBody(body) is { } function)
        {
            LaneByLane(w, v, function);
        }
        else
        {
            foreach (string comment in body.Comments)
            {
                w.Line(comment);
            }

            foreach (ActivationStatement statement in body.Statements)
            {
                w.Line(Statement(v, statement));
            }
        }

        w.Close();
        w.Line();
    }

    private static string Statement(VectorText v, ActivationStatement statement) => statement switch
    {
        Let let => $"var {let.Name} = {Top(v, let.Value)};",
        Assign assign => $"{assign.Name} = {Top(v, assign.Value)};",
        KeepExponential keep => $"{KeptName} = {Top(v, keep.Value)};",
        KeepExponentialMinusOne m when v.IsFloat => $"var {m.Name} = {FastExpm1}({Top(v, m.Value)}, out {KeptName});",
        Return r => $"return {Top(v, r.Value)};",
        _ => throw new InvalidOperationException($"{statement} has no C# form for {v.Element}."),
    };

    /// <summary>An expression where it stands alone (a statement's value, a call's argument): no parentheses.</summary>
    private static string Top(VectorText v, ActivationExpression e)
    {
        string vec = v.Static;
        return e switch
        {
            Constant c => v.Literal(c.Value),
            Variable x => x.Name,
            Call { Primitive: Primitive.Abs } call => $"{vec}.Abs({Top(v, call.Argument)})",
            Call { Primitive: Primitive.Exp } call => $"{FastExp}({Top(v, call.Argument)})",
            Call { Primitive: Primitive.Log } call => $"{vec}.Log({Top(v, call.Argument)})",
            Call { Primitive: Primitive.PositivePart } call => $"{vec}.Max({Top(v, call.Argument)}, {v.Zero})",
            Call call when LaneFunctions.Contains(call.Primitive) => $"{LaneHelper(call.Primitive)}({Top(v, call.Argument)})",
            Negate n => "-" + Operand(v, n.Operand),
            Arithmetic a => string.Join($" {Symbol(a.Operator)} ", a.Operands.Select(o => Operand(v, o))),
            Comparison c => $"{vec}.{c.Operator switch { ComparisonOperator.Less => "LessThan", ComparisonOperator.Greater => "GreaterThan", _ => "Equals" }}({Top(v, c.Left)}, {Top(v, c.Right)})",
            Selection s => $"{vec}.ConditionalSelect({Top(v, s.Condition)}, {Top(v, s.WhenTrue)}, {Top(v, s.WhenFalse)})",

            // The sign bit of the sign, or'ed into a magnitude whose sign bit is clear.
            SignCopy s => $"{Operand(v, s.Magnitude)} | ({Operand(v, s.Sign)} & {v.Const(-0.0)})",
            _ => throw new InvalidOperationException($"{e} has no C# form."),
        };
    }

    /// <summary>An operand of an operator: parenthesized if it is an operation itself.</summary>
    private static string Operand(VectorText v, ActivationExpression e) =>
        e is Arithmetic or SignCopy ? "(" + Top(v, e) + ")" : Top(v, e);

    /// <summary>The scalar function a body computes of x and nothing else, or null: such a body is the lane loop itself.</summary>
    private static Primitive? LaneBody(ActivationBody body) =>
        body.Statements.Length == 1 && body.Statements[0] is Return { Value: Call { Argument: Variable { Name: "x" } } call } && LaneFunctions.Contains(call.Primitive)
            ? call.Primitive
            : null;

    private static string LaneHelper(Primitive function) => function + "Of";

    /// <summary>
    /// The body of a function of x computed lane by lane with the scalar <paramref name="function"/>: the BCL's vector
    /// sine and cosine choose their algorithm for the whole vector (all lanes small or not), so a lane's result would
    /// depend on its neighbours.
    /// </summary>
    private static void LaneByLane(SourceWriter w, VectorText v, Primitive function)
    {
        w.Line("// Lane by lane: the vector sine and cosine choose their algorithm for the whole vector, so a lane's result would depend on its neighbours.");
        w.Line($"{LayerStackEmitter.Unsafe}.SkipInit(out {v.Type} r);");
        w.Line($"ref {v.Element} lanes = ref {LayerStackEmitter.Unsafe}.As<{v.Type}, {v.Element}>(ref r);");
        w.Line($"for (int k = 0; k < {v.Type}.Count; k++)");
        w.Line("{");
        w.Line($"    {LayerStackEmitter.Unsafe}.Add(ref lanes, k) = {v.Element}.{function}({v.Static}.GetElement(x, k));");
        w.Line("}");
        w.Line();
        w.Line("return r;");
    }

    /// <summary>The spelling of one vector width for one element type.</summary>
    private sealed class VectorText
    {
        public VectorText(string element, int bits)
        {
            Element = element;
            Static = LayerStackEmitter.Vector(bits);
            Type = $"{Static}<{element}>";
        }

        public string Element { get; }

        public bool IsFloat => Element == "float";

        public string Static { get; }

        public string Type { get; }

        public string One => Type + ".One";

        public string Zero => Type + ".Zero";

        /// <summary>A broadcast constant; for float the double literal is rounded once, at compile time.</summary>
        public string Const(double value) =>
            $"{Static}.Create({(IsFloat ? "(float)" : string.Empty)}{Literals.Double(value)})";

        /// <summary>A formula's constant: <see cref="Zero"/> and <see cref="One"/> by name (−0 is not zero here), others as <see cref="Const"/>.</summary>
        public string Literal(double value) =>
            BitConverter.DoubleToInt64Bits(value) == 0 ? Zero : value == 1 ? One : Const(value);
    }
}
