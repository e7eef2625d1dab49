using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>√(2/π), the scale inside the tanh form of GELU (Hendrycks and Gimpel, 2016, eq. 2).</summary>
    internal static readonly double GeluScale = Math.Sqrt(2.0 / Math.PI);

    internal const double GeluCubic = 0.044715;

    /// <summary>Whether the derivative is cheapest from the activation's output (tanh' = 1 − tanh², σ' = σ(1 − σ)).</summary>
    internal static bool UsesOutput(ActivationKind activation) => activation is ActivationKind.Tanh or ActivationKind.Sigmoid;

    /// <summary>
    /// Emits, for one vector width of <paramref name="element"/>, <c>ForwardX(x)</c> and <c>BackwardX(g, v)</c> =
    /// g·X'(x) for every activation X of <paramref name="layers"/> (v is X's output for tanh and sigmoid, its input
    /// otherwise). Elementwise operations only, no fused multiply-add, so each lane's result depends on that lane alone;
    /// both stacks emit these, so a discrete network and a dynamics network compute bit for bit the same layer.
    /// </summary>
    internal static void EmitActivations(SourceWriter w, IEnumerable<LayerSpec> layers, string element, int bits)
    {
        var used = new SortedSet<ActivationKind>(layers.Select(l => l.Activation).Where(a => a != ActivationKind.Identity));
        if (used.Contains(ActivationKind.Gelu))
        {
            used.Add(ActivationKind.Tanh);
        }

        var v = new VectorText(element, bits);
        if (v.Element == "float" && used.Overlaps(new[] { ActivationKind.Tanh, ActivationKind.Softplus, ActivationKind.Sigmoid, ActivationKind.Silu }))
        {
            EmitFastExp(w, v);
        }

        foreach (ActivationKind activation in used)
        {
            EmitActivation(w, v, activation);
        }
    }

    private static void EmitActivation(SourceWriter w, VectorText v, ActivationKind activation)
    {
        string type = v.Type, vec = v.Static, one = v.One, zero = v.Zero;
        string inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
        string value = UsesOutput(activation) ? "y" : "x";
        string[] forward, backward;
        switch (activation)
        {
            case ActivationKind.Tanh:
                forward = new[]
                {
                    "// tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 1]: no overflow, and exactly 1 once e < ulp(1) / 2.",
                    $"var e = {v.Exp}({v.Const(-2)} * {vec}.Abs(x));",
                    $"var r = ({one} - e) / ({one} + e);",
                    $"return {vec}.ConditionalSelect({vec}.LessThan(x, {zero}), -r, r);",
                };
                backward = new[] { $"return g * ({one} - (y * y));" };
                break;
            case ActivationKind.Relu:
                forward = new[] { $"return {vec}.Max(x, {zero});" };
                backward = new[] { $"return {vec}.ConditionalSelect({vec}.GreaterThan(x, {zero}), g, {zero});" };
                break;
            case ActivationKind.Softplus:
                forward = new[]
                {
                    "// log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): the exponential never overflows. log1p(e) is",
                    "// log(u) * e / (u - 1) with u = 1 + e (Goldberg, 1991, Theorem 4), so it stays accurate when e is tiny.",
                    $"var e = {v.Exp}(-{vec}.Abs(x));",
                    $"var u = {one} + e;",
                    $"var log1p = {vec}.ConditionalSelect({vec}.Equals(u, {one}), e, {vec}.Log(u) * (e / (u - {one})));",
                    $"return {vec}.Max(x, {zero}) + log1p;",
                };
                backward = new[] { $"return g * ({one} / ({one} + {v.Exp}(-x)));" };
                break;
            case ActivationKind.Sigmoid:
                forward = new[] { $"return {one} / ({one} + {v.Exp}(-x));" };
                backward = new[] { $"return g * (y * ({one} - y));" };
                break;
            case ActivationKind.Silu:
                forward = new[] { $"return x * ({one} / ({one} + {v.Exp}(-x)));" };
                backward = new[]
                {
                    $"var sigmoid = {one} / ({one} + {v.Exp}(-x));",
                    $"return g * (sigmoid * ({one} + (x * ({one} - sigmoid))));",
                };
                break;
            case ActivationKind.Gelu:
                forward = new[]
                {
                    $"var u = {v.Const(GeluScale)} * (x + ({v.Const(GeluCubic)} * (x * x * x)));",
                    $"return {v.Const(0.5)} * x * ({one} + ForwardTanh(u));",
                };
                backward = new[]
                {
                    $"var x2 = x * x;",
                    $"var th = ForwardTanh({v.Const(GeluScale)} * (x + ({v.Const(GeluCubic)} * (x2 * x))));",
                    $"var du = {v.Const(GeluScale)} * ({one} + ({v.Const(3 * GeluCubic)} * x2));",
                    $"return g * (({v.Const(0.5)} * ({one} + th)) + ({v.Const(0.5)} * x * ({one} - (th * th)) * du));",
                };
                break;
            case ActivationKind.Sin:
                forward = ElementByElement(v, "Sin");
                backward = new[] { "return g * CosOf(x);" };
                break;
            case ActivationKind.Cube:
                forward = new[] { "return x * x * x;" };
                backward = new[] { $"return g * ({v.Const(3)} * (x * x));" };
                break;
            default:
                throw new InvalidOperationException("Unexpected activation " + activation);
        }

        w.Line(inline);
        w.Open($"private static {type} Forward{activation}({type} x)");
        foreach (string line in forward)
        {
            w.Line(line);
        }

        w.Close();
        w.Line();
        w.Line(inline);
        w.Open($"private static {type} Backward{activation}({type} g, {type} {value})");
        foreach (string line in backward)
        {
            w.Line(line);
        }

        w.Close();
        w.Line();
        if (activation == ActivationKind.Sin)
        {
            w.Open($"private static {type} CosOf({type} x)");
            foreach (string line in ElementByElement(v, "Cos"))
            {
                w.Line(line);
            }

            w.Close();
            w.Line();
        }
    }

    /// <summary>
    /// exp for float vectors, about twice as fast as the BCL's (which evaluates in double): n = round(x·log₂e)
    /// by the 1.5·2²³ rounding trick, r = x − n·ln2 in two parts (Cody and Waite), eˣ = 2ⁿ·p(r) with the degree-7
    /// Taylor polynomial (|r| ≤ ln2/2, truncation error below 6e-9 relative), 2ⁿ built in the exponent bits.
    /// x is clamped to [−87, 88.5] so 2ⁿ stays a normal float; the activations only need e^x saturating there.
    /// </summary>
    private static void EmitFastExp(SourceWriter w, VectorText v)
    {
        string type = v.Type, vec = v.Static;
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        w.Open($"private static {type} FastExp({type} x)");
        w.Line($"x = {vec}.Min({vec}.Max(x, {v.Const(-87)}), {v.Const(88.5)});");
        w.Line($"var magic = {v.Const(12582912)};");
        w.Line($"var shifted = (x * {v.Const(1.4426950408889634)}) + magic;");
        w.Line("var n = shifted - magic;");
        w.Line($"var r = (x - (n * {v.Const(0.693359375)})) - (n * {v.Const(-2.1219444005469057E-4)});");
        w.Line($"var p = {v.Const(1.0 / 5040)};");
        foreach (double c in new[] { 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0 })
        {
            w.Line($"p = (p * r) + {v.Const(c)};");
        }

        w.Line($"var bits = {vec}.ShiftLeft({vec}.AsInt32(shifted) - {vec}.AsInt32(magic) + {vec}.Create(127), 23);");
        w.Line($"return p * {vec}.AsSingle(bits);");
        w.Close();
        w.Line();
    }

    /// <summary>
    /// Sine and cosine lane by lane with the scalar functions: the BCL's vector versions choose their algorithm for
    /// the whole vector (all lanes small or not), so a lane's result would depend on its neighbours.
    /// </summary>
    private static string[] ElementByElement(VectorText v, string function) => new[]
    {
        "// Lane by lane: the vector sine and cosine choose their algorithm for the whole vector, so a lane's result would depend on its neighbours.",
        $"{Unsafe}.SkipInit(out {v.Type} r);",
        $"ref {v.Element} lanes = ref {Unsafe}.As<{v.Type}, {v.Element}>(ref r);",
        $"for (int k = 0; k < {v.Type}.Count; k++)",
        "{",
        $"    {Unsafe}.Add(ref lanes, k) = {v.Element}.{function}({v.Static}.GetElement(x, k));",
        "}",
        string.Empty,
        "return r;",
    };

    /// <summary>The spelling of one vector width for one element type.</summary>
    private sealed class VectorText
    {
        public VectorText(string element, int bits)
        {
            Element = element;
            Static = Intrinsics + "Vector" + Literals.Int(bits);
            Type = $"{Static}<{element}>";
        }

        public string Element { get; }

        public string Static { get; }

        public string Type { get; }

        public string One => Type + ".One";

        public string Zero => Type + ".Zero";

        /// <summary>The exponential: our fast one for float, the BCL's (accurate in double) for double.</summary>
        public string Exp => Element == "float" ? "FastExp" : Static + ".Exp";

        /// <summary>A broadcast constant; for float the double literal is rounded once, at compile time.</summary>
        public string Const(double value) =>
            $"{Static}.Create({(Element == "float" ? "(float)" : string.Empty)}{Literals.Double(value)})";
    }
}
