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

    /// <summary>Below this |x|, double tanh is a rational function of x (Cephes); above it, (1 − e) / (1 + e).</summary>
    internal const double TanhSmall = 0.625;

    /// <summary>
    /// tanh(x) = x + x·z·P(z)/Q(z), z = x², on |x| &lt; 0.625 for double: Moshier's Cephes <c>tanh</c> (relative error of the
    /// rational function below 5e-18), coefficients from the highest power down; Q is monic (its z³ coefficient is 1).
    /// </summary>
    internal static readonly double[] TanhDoubleP = { -9.64399179425052238628E-1, -9.92877231001918586564E1, -1.61468768441708447952E3 };

    internal static readonly double[] TanhDoubleQ = { 1.12811678491632931402E2, 2.23548839060100448583E3, 4.84406305325125486048E3 };

    /// <summary>
    /// Whether the forward pass keeps a second value per unit for the backward pass: e = exp(−2|x|) for tanh and
    /// exp(−|x|) for sigmoid, from which tanh' = 4e/(1 + e)² and σ' = e/(1 + e)² are accurate to a few ulp
    /// relative even where the output has rounded to ±1 (1 − y² and y(1 − y) would lose every digit there).
    /// </summary>
    internal static bool KeepsExponential(ActivationKind activation) => activation is ActivationKind.Tanh or ActivationKind.Sigmoid;

    /// <summary>
    /// Emits, for one vector width of <paramref name="element"/>, <c>ForwardX(x)</c> (tanh and sigmoid:
    /// <c>ForwardX(x, out e)</c>, see <see cref="KeepsExponential"/>) and <c>BackwardX(g, v)</c> = g·X'(x) for every
    /// activation X of <paramref name="layers"/> (v is the kept e for tanh and sigmoid, x otherwise). Elementwise
    /// operations only, no fused multiply-add, so each lane's result depends on that lane alone; both stacks emit
    /// these, so a discrete network and a dynamics network compute bit for bit the same layer. Each activation and
    /// derivative is accurate to a few ulp relative over the whole range of x (the README lists the measured errors): no
    /// formula subtracts nearly equal values or lets an exponential overflow.
    /// </summary>
    internal static void EmitActivations(SourceWriter w, IEnumerable<LayerSpec> layers, string element, int bits)
    {
        var used = new SortedSet<ActivationKind>(layers.Select(l => l.Activation).Where(a => a != ActivationKind.Identity));
        var v = new VectorText(element, bits);
        if (v.Element == "float" && used.Overlaps(new[] { ActivationKind.Softplus, ActivationKind.Sigmoid, ActivationKind.Silu, ActivationKind.Gelu }))
        {
            EmitFastExp(w, v);
        }

        if (v.Element == "float" && used.Contains(ActivationKind.Tanh))
        {
            EmitFastExpm1(w, v);
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
        bool keeps = KeepsExponential(activation);
        string value = keeps ? "e" : "x";

        // σ(s) for s of sign of `sign`, with e = exp(−|s|): 1/(1 + e) for s ≥ 0 and e/(1 + e) for s < 0 (σ(−|s|) = e/(1 + e)).
        string Sigmoid(string sign) => $"{vec}.ConditionalSelect({vec}.LessThan({sign}, {zero}), e, {one}) / ({one} + e)";
        string[] forward, backward;
        switch (activation)
        {
            case ActivationKind.Tanh:
                forward = v.Element == "float"
                    ? new[]
                    {
                        "// tanh|x| = −m / (2 + m) with m = e − 1, e = exp(−2|x|), both from one reduction (FastExpm1): m keeps its",
                        "// relative accuracy as x → 0, where 1 − e would cancel, and the quotient is exactly 1 once m rounds to −1.",
                        $"var m = FastExpm1({v.Const(-2)} * {vec}.Abs(x), out e);",
                        $"var t = {vec}.Abs(m) / (m + {v.Const(2)});",
                        $"return t | (x & {v.Const(-0.0)});",
                    }
                    : new[]
                    {
                        "// |x| ≥ 0.625: tanh|x| = (1 − e) / (1 + e) with e = exp(−2|x|) ≤ 0.29, which passes on less than e's own error",
                        "// and is exactly 1 once e < ulp(1) / 2. Below, 1 − e cancels: Cephes' odd rational function instead.",
                        $"var ax = {vec}.Abs(x);",
                        $"e = {v.Exp}({v.Const(-2)} * ax);",
                        $"var large = ({one} - e) / ({one} + e);",
                        $"large = {vec}.ConditionalSelect({vec}.LessThan(x, {zero}), -large, large);",
                        "var z = x * x;",
                        $"var small = {TanhSmallExpression(v)};",
                        $"return {vec}.ConditionalSelect({vec}.LessThan(ax, {v.Const(TanhSmall)}), small, large);",
                    };
                backward = new[]
                {
                    "// tanh'(x) = 1 − tanh² = 4e / (1 + e)², e = exp(−2|x|): no cancellation where tanh is near ±1.",
                    $"var d = {one} + e;",
                    $"return g * (({v.Const(4)} * e) / (d * d));",
                };
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
                backward = new[]
                {
                    "// softplus' = σ(x), relative-accurate in both tails (see ForwardSigmoid).",
                    $"var e = {v.Exp}(-{vec}.Abs(x));",
                    $"return g * ({Sigmoid("x")});",
                };
                break;
            case ActivationKind.Sigmoid:
                forward = new[]
                {
                    "// e = exp(−|x|) ∈ (0, 1] never overflows; for x < 0, σ(x) = e / (1 + e) keeps its relative accuracy as it decays.",
                    $"e = {v.Exp}(-{vec}.Abs(x));",
                    $"return {Sigmoid("x")};",
                };
                backward = new[]
                {
                    "// σ'(x) = σ(x)σ(−x) = e / (1 + e)², e = exp(−|x|): no cancellation where σ is near 1.",
                    $"var d = {one} + e;",
                    "return g * (e / (d * d));",
                };
                break;
            case ActivationKind.Silu:
                forward = new[]
                {
                    $"var e = {v.Exp}(-{vec}.Abs(x));",
                    $"return x * ({Sigmoid("x")});",
                };
                backward = new[]
                {
                    "// silu' = σ(x)(1 + x(1 − σ(x))) with 1 − σ(x) = σ(−x), computed as such: no cancellation for large x.",
                    $"var e = {v.Exp}(-{vec}.Abs(x));",
                    $"var d = {one} + e;",
                    $"var negative = {vec}.LessThan(x, {zero});",
                    $"var sigmoid = {vec}.ConditionalSelect(negative, e, {one}) / d;",
                    $"var complement = {vec}.ConditionalSelect(negative, {one}, e) / d;",
                    $"return g * (sigmoid * ({one} + (x * complement)));",
                };
                break;
            case ActivationKind.Gelu:
                forward = new[]
                {
                    "// 0.5·x·(1 + tanh(u)) = x·σ(2u), u = √(2/π)(x + 0.044715x³): 1 + tanh(u) cancels for u < 0, σ(2u) does not.",
                    $"var s = {v.Const(2 * GeluScale)} * (x + ({v.Const(GeluCubic)} * (x * x * x)));",
                    $"var e = {v.Exp}(-{vec}.Abs(s));",
                    $"return x * ({Sigmoid("s")});",
                };
                backward = new[]
                {
                    "// gelu' = σ(s) + x·σ'(s)·s', s = 2u, σ'(s) = e / (1 + e)²; the second term is 0 where e underflows (also for",
                    "// huge |x|, where x·s' would overflow).",
                    "var x2 = x * x;",
                    $"var s = {v.Const(2 * GeluScale)} * (x + ({v.Const(GeluCubic)} * (x2 * x)));",
                    $"var e = {v.Exp}(-{vec}.Abs(s));",
                    $"var d = {one} + e;",
                    $"var slope = (x * (e / (d * d))) * ({v.Const(2 * GeluScale)} * ({one} + ({v.Const(3 * GeluCubic)} * x2)));",
                    $"return g * (({Sigmoid("s")}) + {vec}.ConditionalSelect({vec}.Equals(e, {zero}), {zero}, slope));",
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
        w.Open($"private static {type} Forward{activation}({type} x{(keeps ? $", out {type} e" : string.Empty)})");
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

    /// <summary>tanh for |x| &lt; 0.625 in double from x and z = x², in Cephes' evaluation order.</summary>
    private static string TanhSmallExpression(VectorText v)
    {
        string numerator = $"(((({v.Const(TanhDoubleP[0])} * z) + {v.Const(TanhDoubleP[1])}) * z) + {v.Const(TanhDoubleP[2])})";
        string denominator = $"(((((z + {v.Const(TanhDoubleQ[0])}) * z) + {v.Const(TanhDoubleQ[1])}) * z) + {v.Const(TanhDoubleQ[2])})";
        return $"x + (((x * z) * {numerator}) / {denominator})";
    }

    /// <summary>
    /// exp for float vectors, about twice as fast as the BCL's (which evaluates in double): n = round(x·log₂e)
    /// by the 1.5·2²³ rounding trick, r = x − n·ln2 in two parts (Cody and Waite), eˣ = 2ⁿ·p(r) with the degree-7
    /// Taylor polynomial (|r| ≤ ln2/2, truncation error below 6e-9 relative). 2ⁿ is applied as 2^⌊n/2⌋ · 2^(n−⌊n/2⌋),
    /// each a normal float built in the exponent bits, so results from the largest float down through the subnormals
    /// round once and eˣ overflows to ∞ above ln(float.MaxValue); x is clamped to [−104, 89], beyond which eˣ rounds to
    /// 0 or overflows anyway. NaN stays NaN.
    /// </summary>
    private static void EmitFastExp(SourceWriter w, VectorText v)
    {
        string type = v.Type, vec = v.Static;
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        w.Open($"private static {type} FastExp({type} x)");
        w.Line($"x = {vec}.Min({vec}.Max(x, {v.Const(-104)}), {v.Const(89)});");
        w.Line($"var magic = {v.Const(12582912)};");
        w.Line($"var shifted = (x * {v.Const(1.4426950408889634)}) + magic;");
        w.Line("var n = shifted - magic;");
        w.Line($"var r = (x - (n * {v.Const(0.693359375)})) - (n * {v.Const(-2.1219444005469057E-4)});");
        w.Line($"var p = {v.Const(1.0 / 5040)};");
        foreach (double c in new[] { 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0 })
        {
            w.Line($"p = (p * r) + {v.Const(c)};");
        }

        w.Line($"var k = {vec}.AsInt32(shifted) - {vec}.AsInt32(magic);");
        w.Line($"var half = {vec}.ShiftRightArithmetic(k, 1);");
        w.Line($"var low = {vec}.AsSingle({vec}.ShiftLeft(half + {vec}.Create(127), 23));");
        w.Line($"var high = {vec}.AsSingle({vec}.ShiftLeft(k - half + {vec}.Create(127), 23));");
        w.Line("return (p * low) * high;");
        w.Close();
        w.Line();
    }

    /// <summary>
    /// e^a − 1 and, in <c>e</c>, e^a for float vectors with a ≤ 0 (tanh's a = −2|x|), from one reduction as in
    /// <see cref="EmitFastExp"/>: with q = e^r − 1 = r·p(r) (accurate for tiny r, where e^r − 1 would cancel),
    /// e^a − 1 = 2ⁿq + (2ⁿ − 1), whose terms do not cancel for n ≤ 0, and e^a = 2ⁿ(q + 1), bit for bit FastExp(a).
    /// </summary>
    private static void EmitFastExpm1(SourceWriter w, VectorText v)
    {
        string type = v.Type, vec = v.Static;
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        w.Open($"private static {type} FastExpm1({type} a, out {type} e)");
        w.Line($"a = {vec}.Max(a, {v.Const(-104)});");
        w.Line($"var magic = {v.Const(12582912)};");
        w.Line($"var shifted = (a * {v.Const(1.4426950408889634)}) + magic;");
        w.Line("var n = shifted - magic;");
        w.Line($"var r = (a - (n * {v.Const(0.693359375)})) - (n * {v.Const(-2.1219444005469057E-4)});");
        w.Line($"var p = {v.Const(1.0 / 5040)};");
        foreach (double c in new[] { 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0 })
        {
            w.Line($"p = (p * r) + {v.Const(c)};");
        }

        w.Line("var q = p * r;");
        w.Line($"var k = {vec}.AsInt32(shifted) - {vec}.AsInt32(magic);");
        w.Line($"var half = {vec}.ShiftRightArithmetic(k, 1);");
        w.Line($"var low = {vec}.AsSingle({vec}.ShiftLeft(half + {vec}.Create(127), 23));");
        w.Line($"var high = {vec}.AsSingle({vec}.ShiftLeft(k - half + {vec}.Create(127), 23));");
        w.Line($"e = ((q + {v.One}) * low) * high;");
        w.Line("var scale = low * high;");
        w.Line($"return (scale * q) + (scale - {v.One});");
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
