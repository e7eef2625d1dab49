using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Activations;

internal static partial class CSharpActivationPrinter
{
    /// <summary>The float kernels' exponential (<see cref="EmitFastExp"/>); double kernels call the BCL's, accurate in double.</summary>
    private const string FastExp = "FastExp";

    /// <summary>The float kernels' e^a − 1 with e^a (<see cref="EmitFastExpm1"/>), for <see cref="KeepExponentialMinusOne"/>.</summary>
    private const string FastExpm1 = "FastExpm1";

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
        w.Line(Inline);
        w.Open($"private static {type} {FastExp}({type} x)");
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
        w.Line(Inline);
        w.Open($"private static {type} {FastExpm1}({type} a, out {type} e)");
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
}
