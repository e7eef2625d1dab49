using System;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Activations;

internal static partial class CSharpActivationPrinter
{
    /// <summary>The kernels' exponential, inlined (<see cref="EmitFastExp"/>).</summary>
    private const string FastExp = "FastExp";

    /// <summary>The float kernels' e^a − 1 with e^a (<see cref="EmitFastExpm1"/>), for <see cref="KeepExponentialMinusOne"/>.</summary>
    private const string FastExpm1 = "FastExpm1";

    /// <summary>
    /// exp for the kernels' vectors, inlined, with the constants of <see cref="ExponentialFormat.For"/>: n = round(x·log₂e)
    /// by the 1.5·2^p rounding trick (p the mantissa's bits), r = x − n·ln2 with ln 2 in Cody and Waite's two parts,
    /// eˣ = 2ⁿ·p(r) with the Taylor polynomial of e^r (|r| ≤ ln2/2). 2ⁿ is applied as 2^⌊n/2⌋ · 2^(n−⌊n/2⌋), each a normal
    /// number built in the exponent bits, so results from the largest number down through the subnormals round once
    /// and eˣ overflows to ∞ above ln(MaxValue); x is clamped to a range beyond which eˣ rounds to 0 or overflows
    /// anyway. NaN stays NaN.
    /// </summary>
    /// <remarks>
    /// Float: about twice as fast as the BCL's (which evaluates in double). Double: the BCL's <c>Vector512.Exp</c> is a
    /// call whose vector argument and result pass through memory, and in a double tanh layer's loop (one exponential per
    /// unit) that call cost more than half of FlowNet's f; this one is within 1 ulp of <see cref="Math.Exp"/> over the
    /// normal range (the activation accuracy tests' worst errors held or tightened against the BCL's: sigmoid 3 → 2 ulp,
    /// tanh' 5 → 4). Its fused multiply-adds are exact per lane, so a lane's result depends neither on the vector width
    /// nor on its neighbours; without hardware FMA the runtime computes the same fused results in software.
    /// </remarks>
    private static void EmitFastExp(SourceWriter w, VectorText v)
    {
        ExponentialFormat f = ExponentialFormat.For(v);
        string vec = v.Static;
        w.Line(Inline);
        w.Open($"private static {v.Type} {FastExp}({v.Type} x)");
        w.Line($"x = {vec}.Min({vec}.Max(x, {v.Const(f.Lowest)}), {v.Const(f.Highest)});");
        EmitReduction(w, v, f, "x");
        EmitPolynomial(w, v, f, lowestPower: 0);
        EmitPowerOfTwo(w, v, f);
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
        ExponentialFormat f = ExponentialFormat.For(v);
        string vec = v.Static;
        w.Line(Inline);
        w.Open($"private static {v.Type} {FastExpm1}({v.Type} a, out {v.Type} e)");
        w.Line($"a = {vec}.Max(a, {v.Const(f.Lowest)});");
        EmitReduction(w, v, f, "a");
        EmitPolynomial(w, v, f, lowestPower: 1);
        w.Line("var q = p * r;");
        EmitPowerOfTwo(w, v, f);
        w.Line($"e = ((q + {v.One}) * low) * high;");
        w.Line("var scale = low * high;");
        w.Line($"return (scale * q) + (scale - {v.One});");
        w.Close();
        w.Line();
    }

    /// <summary><c>shifted</c> (n in its low bits), <c>n</c> and r = <paramref name="x"/> − n·ln2_hi − n·ln2_lo.</summary>
    private static void EmitReduction(SourceWriter w, VectorText v, ExponentialFormat f, string x)
    {
        w.Line($"var magic = {v.Const(f.Magic)};");
        w.Line($"var shifted = ({x} * {v.Const(1.4426950408889634)}) + magic;");
        w.Line("var n = shifted - magic;");
        if (f.Fused)
        {
            w.Line($"var r = {v.Static}.FusedMultiplyAdd(n, {v.Const(-f.Ln2High)}, {x});");
            w.Line($"r = {v.Static}.FusedMultiplyAdd(n, {v.Const(-f.Ln2Low)}, r);");
        }
        else
        {
            w.Line($"var r = ({x} - (n * {v.Const(f.Ln2High)})) - (n * {v.Const(f.Ln2Low)});");
        }
    }

    /// <summary>
    /// <c>p</c> = Σ rᵏ⁻ˡ/k! for k = l … degree, l = <paramref name="lowestPower"/>, in Horner form from 1/degree!:
    /// e^r for l = 0, (e^r − 1)/r for l = 1.
    /// </summary>
    private static void EmitPolynomial(SourceWriter w, VectorText v, ExponentialFormat f, int lowestPower)
    {
        double[] coefficients = InverseFactorials(f.Degree);
        w.Line($"var p = {v.Const(coefficients[f.Degree])};");
        for (int k = f.Degree - 1; k >= lowestPower; k--)
        {
            w.Line(f.Fused
                ? $"p = {v.Static}.FusedMultiplyAdd(p, r, {v.Const(coefficients[k])});"
                : $"p = (p * r) + {v.Const(coefficients[k])};");
        }
    }

    /// <summary><c>low</c> = 2^⌊n/2⌋ and <c>high</c> = 2^(n−⌊n/2⌋), each built in the exponent bits.</summary>
    private static void EmitPowerOfTwo(SourceWriter w, VectorText v, ExponentialFormat f)
    {
        string vec = v.Static;
        w.Line($"var k = {vec}.As{f.Integer}(shifted) - {vec}.As{f.Integer}(magic);");
        w.Line($"var half = {vec}.ShiftRightArithmetic(k, 1);");
        w.Line($"var low = {vec}.As{f.Real}({vec}.ShiftLeft(half + {vec}.Create({f.Bias}), {f.MantissaBits}));");
        w.Line($"var high = {vec}.As{f.Real}({vec}.ShiftLeft(k - half + {vec}.Create({f.Bias}), {f.MantissaBits}));");
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
    /// What the exponential of one element type is made of, written once for <see cref="EmitFastExp"/> and
    /// <see cref="EmitFastExpm1"/>.
    /// </summary>
    /// <param name="Lowest">The clamp below: eˣ rounds to 0 under it.</param>
    /// <param name="Highest">The clamp above: eˣ overflows over it.</param>
    /// <param name="Magic">1.5·2^p (p = <paramref name="MantissaBits"/>): adding it rounds x·log₂e to an integer in the low bits.</param>
    /// <param name="Ln2High">ln 2's high part, with enough trailing zero bits that n·Ln2High is exact for every n the clamps allow.</param>
    /// <param name="Ln2Low">ln 2 − Ln2High (signed).</param>
    /// <param name="Degree">The Taylor polynomial's degree.</param>
    /// <param name="Fused">Whether the reduction and the polynomial use fused multiply-adds.</param>
    /// <param name="Integer">The integer lane type of the same width (<c>Int32</c>, <c>Int64</c>).</param>
    /// <param name="Real">The element type's name in <c>AsSingle</c>/<c>AsDouble</c>.</param>
    /// <param name="Bias">The exponent bias as a literal of <paramref name="Integer"/>.</param>
    /// <param name="MantissaBits">The stored mantissa's bits (the exponent field's shift).</param>
    private sealed record ExponentialFormat(
        double Lowest, double Highest, double Magic, double Ln2High, double Ln2Low, int Degree, bool Fused, string Integer, string Real, string Bias, int MantissaBits)
    {
        /// <summary>
        /// Float: degree 7 (truncation below 6e-9 relative), Cody and Waite's float split of ln 2 (0.693359375 has 15
        /// trailing zero bits), plain multiplies and adds.
        /// </summary>
        private static readonly ExponentialFormat Binary32 = new(-104, 89, 12582912, 0.693359375, -2.1219444005469057E-4, 7, false, "Int32", "Single", "127", 23);

        /// <summary>
        /// Double: degree 13 (on |r| ≤ ln2/2 the first term left out, r¹⁴/14! &lt; 4.3e-18, is under a twentieth of an
        /// ulp of e^r ≥ 0.7), fdlibm's split of ln 2 (the high part has 21 trailing zero bits), fused multiply-adds.
        /// </summary>
        private static readonly ExponentialFormat Binary64 = new(-746, 710, 6755399441055744, 0.6931471803691238, 1.9082149292705877E-10, 13, true, "Int64", "Double", "1023L", 52);

        public static ExponentialFormat For(VectorText v) => v.IsFloat ? Binary32 : Binary64;
    }
}
