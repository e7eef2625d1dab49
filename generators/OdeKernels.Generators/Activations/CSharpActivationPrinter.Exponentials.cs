using System;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Activations;

internal static partial class CSharpActivationPrinter
{
    /// <summary>The kernels' exponential, inlined (<see cref="EmitFastExp"/>).</summary>
    private const string FastExp = "FastExp";

    /// <summary>
    /// The degree of the double exponential's Taylor polynomial: on |r| ≤ ln2/2 the first term left out,
    /// r¹⁴/14! &lt; 4.3e-18, is under a twentieth of an ulp of e^r ≥ 0.7.
    /// </summary>
    private const int DoubleDegree = 13;

    /// <summary>The float kernels' e^a − 1 with e^a (<see cref="EmitFastExpm1"/>), for <see cref="KeepExponentialMinusOne"/>.</summary>
    private const string FastExpm1 = "FastExpm1";

    /// <summary>
    /// exp for float vectors, about twice as fast as the BCL's (which evaluates in double): n = round(x·log₂e)
    /// by the 1.5·2²³ rounding trick, r = x − n·ln2 in two parts (Cody and Waite), eˣ = 2ⁿ·p(r) with the degree-7
    /// Taylor polynomial (|r| ≤ ln2/2, truncation error below 6e-9 relative). 2ⁿ is applied as 2^⌊n/2⌋ · 2^(n−⌊n/2⌋),
    /// each a normal float built in the exponent bits, so results from the largest float down through the subnormals
    /// round once and eˣ overflows to ∞ above ln(float.MaxValue); x is clamped to [−104, 89], beyond which eˣ rounds to
    /// 0 or overflows anyway. NaN stays NaN. Double vectors get <see cref="EmitFastExpDouble"/>.
    /// </summary>
    private static void EmitFastExp(SourceWriter w, VectorText v)
    {
        if (!v.IsFloat)
        {
            EmitFastExpDouble(w, v);
            return;
        }

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
    /// exp for double vectors, inlined: the BCL's <c>Vector512.Exp</c> is a call whose vector argument and result pass
    /// through memory, and in a double tanh layer's loop (one exponential per unit) that call cost about a third of a
    /// FlowNet forward pass. n = round(x·log₂e) by the 1.5·2⁵² rounding trick; r = x − n·ln2 with ln 2 in Cody and
    /// Waite's two parts (the high part has 21 trailing zero bits, so n·ln2_hi is exact), each subtracted by a fused
    /// multiply-add; e^r by the degree-<see cref="DoubleDegree"/> Taylor polynomial in Horner form with fused
    /// multiply-adds; 2ⁿ applied as 2^⌊n/2⌋ · 2^(n−⌊n/2⌋), both normal, so results down through the subnormals round
    /// once and eˣ overflows to ∞ above ln(double.MaxValue). x is clamped to [−746, 710], beyond which eˣ rounds to 0
    /// or overflows anyway; NaN stays NaN. Within 1 ulp of <see cref="Math.Exp"/> over the normal range (the
    /// activation accuracy tests' bounds held or tightened against the BCL's: sigmoid 3 → 2 ulp, tanh' 5 → 4).
    /// Fused multiply-adds are exact per lane, so a lane's result does not depend on the vector width or its
    /// neighbours; without hardware FMA the runtime computes the same fused results in software.
    /// </summary>
    private static void EmitFastExpDouble(SourceWriter w, VectorText v)
    {
        string type = v.Type, vec = v.Static;
        w.Line(Inline);
        w.Open($"private static {type} {FastExp}({type} x)");
        w.Line($"x = {vec}.Min({vec}.Max(x, {v.Const(-746)}), {v.Const(710)});");
        w.Line($"var magic = {v.Const(6755399441055744)};");
        w.Line($"var shifted = (x * {v.Const(1.4426950408889634)}) + magic;");
        w.Line("var n = shifted - magic;");
        w.Line($"var r = {vec}.FusedMultiplyAdd(n, {v.Const(-0.6931471803691238)}, x);");
        w.Line($"r = {vec}.FusedMultiplyAdd(n, {v.Const(-1.9082149292705877E-10)}, r);");
        double[] inverseFactorials = InverseFactorials(DoubleDegree);
        w.Line($"var p = {v.Const(inverseFactorials[DoubleDegree])};");
        for (int i = DoubleDegree - 1; i >= 0; i--)
        {
            w.Line($"p = {vec}.FusedMultiplyAdd(p, r, {v.Const(inverseFactorials[i])});");
        }

        w.Line($"var k = {vec}.AsInt64(shifted) - {vec}.AsInt64(magic);");
        w.Line($"var half = {vec}.ShiftRightArithmetic(k, 1);");
        w.Line($"var low = {vec}.AsDouble({vec}.ShiftLeft(half + {vec}.Create(1023L), 52));");
        w.Line($"var high = {vec}.AsDouble({vec}.ShiftLeft(k - half + {vec}.Create(1023L), 52));");
        w.Line("return (p * low) * high;");
        w.Close();
        w.Line();
    }

    /// <summary>1/k! for k = 0 … <paramref name="degree"/>, each rounded once from the exact factorial (exact in double up to 18!).</summary>
    private static double[] InverseFactorials(int degree)
    {
        var result = new double[degree + 1];
        double factorial = 1;
        for (int k = 0; k <= degree; k++)
        {
            factorial *= Math.Max(k, 1);
            result[k] = 1.0 / factorial;
        }

        return result;
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
