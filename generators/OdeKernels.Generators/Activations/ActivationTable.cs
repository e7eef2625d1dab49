using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Activations.ActivationExpression;

namespace OdeKernels.Generators.Activations;

/// <summary>
/// Every activation's forward formula, derivative and second derivative, written once and rendered by <see cref="CSharpActivationPrinter"/>
/// (the vector kernels of both layer stacks) and <see cref="CudaActivationPrinter"/> (the device code), so the two
/// compute the same operations in the same order. Adding an activation is one entry here (and its value in the
/// runtime's <c>Activation</c> enum and the generator's <see cref="ActivationKind"/>).
/// </summary>
/// <remarks>
/// Each activation and derivative is accurate to a few ulp relative over the whole range of x (the README lists the
/// measured errors): no formula subtracts nearly equal values or lets an exponential overflow. Tanh and sigmoid keep
/// e = exp(−2|x|) and exp(−|x|) from the forward pass, from which tanh' = 4e/(1 + e)² and σ' = e/(1 + e)² are accurate
/// even where the output has rounded to ±1 (1 − y² and y(1 − y) would lose every digit there).
/// </remarks>
internal static class ActivationTable
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

    private static readonly ActivationExpression D = Var("d"), S = Var("s"), X2 = Var("x2");

    /// <summary>The formulas, indexed by the activation's value.</summary>
    private static readonly ActivationFormula[] Formulas = Checked(
        new ActivationFormula(ActivationKind.Identity, new ActivationBody(new Return(X)), new ActivationBody(new Return(G)), new ActivationBody(new Return(0))),
        new ActivationFormula(
            ActivationKind.Tanh,
            new ActivationBody(
                new[]
                {
                    "// tanh|x| = −m / (2 + m) with m = e − 1, e = exp(−2|x|), both from one reduction (FastExpm1): m keeps its",
                    "// relative accuracy as x → 0, where 1 − e would cancel, and the quotient is exactly 1 once m rounds to −1.",
                },
                new KeepExponentialMinusOne("m", "a", -2 * Abs(X)),
                new Let("t", Abs(Var("m")) / (Var("m") + 2)),
                new Return(CopySign(Var("t"), X))),
            new ActivationBody(
                new[]
                {
                    "// |x| ≥ 0.625: tanh|x| = (1 − e) / (1 + e) with e = exp(−2|x|) ≤ 0.29, which passes on less than e's own error",
                    "// and is exactly 1 once e < ulp(1) / 2. Below, 1 − e cancels: Cephes' odd rational function instead.",
                    "// One division serves both (each lane divides its own branch's numerator by its denominator): the same",
                    "// quotients, so the same bits, as dividing in each branch, at half the divider's time.",
                },
                new Let("ax", Abs(X)),
                new KeepExponential(Exp(-2 * Var("ax"))),
                new Let("z", X * X),
                new Let("q", Select(Less(Var("ax"), TanhSmall), (X * Var("z")) * TanhNumerator(Var("z")), 1 - E) / Select(Less(Var("ax"), TanhSmall), TanhDenominator(Var("z")), 1 + E)),
                new Let("large", Select(Less(X, 0), -Var("q"), Var("q"))),
                new Return(Select(Less(Var("ax"), TanhSmall), X + Var("q"), Var("large")))),
            new ActivationBody(
                new[] { "// tanh'(x) = 1 − tanh² = 4e / (1 + e)², e = exp(−2|x|): no cancellation where tanh is near ±1." },
                new Let("d", 1 + E),
                new Return(G * ((4 * E) / (D * D)))),
            new ActivationBody(
                new[] { "// tanh'' = −2·tanh·tanh' = −8y·e / (1 + e)², from the forward pass's accurate y: (1 − e) would cancel as x → 0." },
                new Let("d", 1 + E),
                new Return(G * ((-8 * Y) * (E / (D * D)))))),
        new ActivationFormula(
            ActivationKind.Relu,
            new ActivationBody(new Return(PositivePart(X))),
            new ActivationBody(new Return(Select(Greater(X, 0), G, 0))),
            new ActivationBody(
                new[] { "// relu'' = 0 wherever it exists (x ≠ 0); at the kink the derivative is taken one-sided, as relu' is." },
                new Return(0))),
        new ActivationFormula(
            ActivationKind.Softplus,
            new ActivationBody(
                new[]
                {
                    "// log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): the exponential never overflows. log1p(e) is",
                    "// log(u) * e / (u - 1) with u = 1 + e (Goldberg, 1991, Theorem 4), so it stays accurate when e is tiny.",
                },
                new Let("e", Exp(-Abs(X))),
                new Let("u", 1 + E),
                new Let("log1p", Select(Equal(Var("u"), 1), E, Log(Var("u")) * (E / (Var("u") - 1)))),
                new Return(PositivePart(X) + Var("log1p"))),
            new ActivationBody(
                new[] { "// softplus' = σ(x), relative-accurate in both tails (see ForwardSigmoid)." },
                new Let("e", Exp(-Abs(X))),
                new Return(G * Sigmoid(X))),
            new ActivationBody(
                new[] { "// softplus'' = σ'(x) = e / (1 + e)², e = exp(−|x|)." },
                new Let("e", Exp(-Abs(X))),
                new Let("d", 1 + E),
                new Return(G * (E / (D * D))))),
        new ActivationFormula(
            ActivationKind.Sigmoid,
            new ActivationBody(
                new[] { "// e = exp(−|x|) ∈ (0, 1] never overflows; for x < 0, σ(x) = e / (1 + e) keeps its relative accuracy as it decays." },
                new KeepExponential(Exp(-Abs(X))),
                new Return(Sigmoid(X))),
            new ActivationBody(
                new[] { "// σ'(x) = σ(x)σ(−x) = e / (1 + e)², e = exp(−|x|): no cancellation where σ is near 1." },
                new Let("d", 1 + E),
                new Return(G * (E / (D * D)))),
            new ActivationBody(
                new[] { "// σ'' = σ'·(1 − 2σ), 1 − 2σ(x) = σ(−x) − σ(x) = ±(1 − e) / (1 + e), negative for x > 0." },
                new Let("d", 1 + E),
                new Return(G * ((E / (D * D)) * (ComplementMinusSigmoid(X) / D))))),
        new ActivationFormula(
            ActivationKind.Silu,
            new ActivationBody(
                new Let("e", Exp(-Abs(X))),
                new Return(X * Sigmoid(X))),
            new ActivationBody(
                new[] { "// silu' = σ(x)(1 + x(1 − σ(x))) with 1 − σ(x) = σ(−x), computed as such: no cancellation for large x." },
                new Let("e", Exp(-Abs(X))),
                new Let("d", 1 + E),
                new Let("negative", Less(X, 0)),
                new Let("sigmoid", Select(Var("negative"), E, 1) / D),
                new Let("complement", Select(Var("negative"), 1, E) / D),
                new Return(G * (Var("sigmoid") * (1 + (X * Var("complement")))))),
            new ActivationBody(
                new[] { "// silu'' = σ'(x)·(2 + x(1 − 2σ(x))), σ' = e / (1 + e)², 1 − 2σ as for the sigmoid: no cancellation for large x." },
                new Let("e", Exp(-Abs(X))),
                new Let("d", 1 + E),
                new Return(G * ((E / (D * D)) * (2 + (X * (ComplementMinusSigmoid(X) / D))))))),
        new ActivationFormula(
            ActivationKind.Gelu,
            new ActivationBody(
                new[] { "// 0.5·x·(1 + tanh(u)) = x·σ(2u), u = √(2/π)(x + 0.044715x³): 1 + tanh(u) cancels for u < 0, σ(2u) does not." },
                new Let("s", (2 * GeluScale) * (X + (GeluCubic * Product(X, X, X)))),
                new Let("e", Exp(-Abs(S))),
                new Return(X * Sigmoid(S))),
            new ActivationBody(
                new[]
                {
                    "// gelu' = σ(s) + x·σ'(s)·s', s = 2u, σ'(s) = e / (1 + e)²; the second term is 0 where e underflows (also for",
                    "// huge |x|, where x·s' would overflow).",
                },
                new Let("x2", X * X),
                new Let("s", (2 * GeluScale) * (X + (GeluCubic * (X2 * X)))),
                new Let("e", Exp(-Abs(S))),
                new Let("d", 1 + E),
                new Let("slope", (X * (E / (D * D))) * ((2 * GeluScale) * (1 + ((3 * GeluCubic) * X2)))),
                new Return(G * (Sigmoid(S) + Select(Equal(E, 0), 0, Var("slope"))))),
            new ActivationBody(
                new[]
                {
                    "// gelu'' = σ'(s)·(2s' + x·s'') + x·σ''(s)·s'², σ'' = σ'·(1 − 2σ(s)), s' = 2√(2/π)(1 + 3·0.044715x²),",
                    "// s'' = 2√(2/π)·6·0.044715x; 0 where e underflows (also for huge |x|, where x·s'² would overflow).",
                },
                new Let("x2", X * X),
                new Let("s", (2 * GeluScale) * (X + (GeluCubic * (X2 * X)))),
                new Let("e", Exp(-Abs(S))),
                new Let("d", 1 + E),
                new Let("slope", E / (D * D)),
                new Let("ds", (2 * GeluScale) * (1 + ((3 * GeluCubic) * X2))),
                new Let("curve", (Var("slope") * ((2 * Var("ds")) + (X * ((12 * GeluScale * GeluCubic) * X))))
                    + ((X * Var("slope")) * ((ComplementMinusSigmoid(S) / D) * (Var("ds") * Var("ds"))))),
                new Return(G * Select(Equal(E, 0), 0, Var("curve"))))),
        new ActivationFormula(
            ActivationKind.Sin,
            new ActivationBody(new Return(Sin(X))),
            new ActivationBody(new Return(G * Cos(X))),
            new ActivationBody(
                new[] { "// sin'' = −sin, the forward pass's output." },
                new Return(-(G * Y)))),
        new ActivationFormula(
            ActivationKind.Cube,
            new ActivationBody(new Return(Product(X, X, X))),
            new ActivationBody(new Return(G * (3 * (X * X)))),
            new ActivationBody(new Return(G * (6 * X)))));

    /// <summary>The number of activations: the values 0 to Count − 1 are valid.</summary>
    public static int Count => Formulas.Length;

    /// <summary>Every formula, in the order of the activations' values.</summary>
    public static IReadOnlyList<ActivationFormula> All => Formulas;

    public static ActivationFormula Of(ActivationKind activation) => Formulas[(int)activation];

    /// <summary>Whether layers with <paramref name="activation"/> keep the exponential its derivative is computed from.</summary>
    public static bool KeepsExponential(ActivationKind activation) => Of(activation).KeepsExponential;

    /// <summary>The activations a stack of layers computes (identity needs no code), each once, in the order of their values.</summary>
    public static IReadOnlyList<ActivationFormula> UsedBy(IEnumerable<LayerSpec> layers) =>
        layers.Select(l => l.Activation).Where(a => a != ActivationKind.Identity).Distinct().OrderBy(a => a).Select(Of).ToList();

    /// <summary>
    /// σ(s) for s of sign of <paramref name="sign"/>, with e = exp(−|s|) in scope: 1/(1 + e) for s ≥ 0 and e/(1 + e) for
    /// s &lt; 0 (σ(−|s|) = e/(1 + e)), so σ keeps its relative accuracy as it decays.
    /// </summary>
    private static ActivationExpression Sigmoid(ActivationExpression sign) => Select(Less(sign, 0), E, 1) / (1 + E);

    /// <summary>
    /// (1 − e) for s &lt; 0 and (e − 1) otherwise, with e = exp(−|s|) in scope: (1 + e)·(1 − 2σ(s)) = (1 + e)(σ(−s) − σ(s)),
    /// exact in its sign and without the cancellation of 1 − 2σ where σ is near 1.
    /// </summary>
    private static ActivationExpression ComplementMinusSigmoid(ActivationExpression sign) => Select(Less(sign, 0), 1 - E, E - 1);

    /// <summary>
    /// P(z) of tanh for |x| &lt; 0.625 in double, z = x², in Cephes' evaluation order: tanh x = x + (x·z·P(z)) / Q(z).
    /// </summary>
    private static ActivationExpression TanhNumerator(ActivationExpression z) => (((TanhDoubleP[0] * z) + TanhDoubleP[1]) * z) + TanhDoubleP[2];

    /// <summary>Q(z) of tanh for |x| &lt; 0.625 in double (see <see cref="TanhNumerator"/>).</summary>
    private static ActivationExpression TanhDenominator(ActivationExpression z) => (((((z + TanhDoubleQ[0]) * z) + TanhDoubleQ[1]) * z) + TanhDoubleQ[2]);

    /// <summary>The table as written, after checking that entry i is activation i and keeps the same values in both precisions.</summary>
    private static ActivationFormula[] Checked(params ActivationFormula[] formulas)
    {
        for (int i = 0; i < formulas.Length; i++)
        {
            if ((int)formulas[i].Kind != i || formulas[i].FloatForward.KeepsExponential != formulas[i].DoubleForward.KeepsExponential)
            {
                throw new InvalidOperationException($"Activation table entry {i} ({formulas[i].Kind}) is out of place or keeps its exponential in one precision only.");
            }
        }

        return formulas;
    }
}
