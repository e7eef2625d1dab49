namespace OdeKernels.Generators.Tableaux;

/// <summary>
/// How far a Runge-Kutta condition may miss its exact value: |computed − exact| ≤ <see cref="Absolute"/> ·
/// max(1, |exact|) + <see cref="Relative"/> · (magnitude + |exact|), where the magnitude is the sum of the absolute
/// values of the terms (Σⱼ|aᵢⱼ| for a row sum, Σᵢ|bᵢ||Φ|ᵢ(τ) for an order condition, |Φ|ᵢ being Φᵢ evaluated with
/// |aᵢⱼ|). Rounding the coefficients to doubles and summing them errs by a few ε times that magnitude (Higham,
/// "Accuracy and Stability of Numerical Algorithms", 2nd ed., §4.2), so a relative tolerance accepts a valid tableau
/// whose terms are large and cancel, and still rejects a small defect in one of ordinary size.
/// </summary>
/// <param name="Absolute">The tolerance relative to max(1, |exact|) (0 for none).</param>
/// <param name="Relative">The tolerance relative to the size of the terms (0 for none).</param>
internal readonly record struct OrderTolerance(double Absolute, double Relative)
{
    /// <summary>
    /// The tolerance of the generator's checks: 64 ε (ε = 2⁻⁵² ≈ 2.2e-16) relative to the terms, about 1.4e-14. It
    /// leaves room for the rounding of a high-order condition over a dozen stages and of coefficients printed to 15 or
    /// more significant digits (the built-in tableaux, Vern7 included, miss by at most ε/2), and rejects any defect above
    /// about 1e-14 in a tableau whose coefficients are of order one.
    /// </summary>
    public static readonly OrderTolerance Checks = new(0.0, RelativeFactor * Epsilon);

    /// <summary>The multiple of ε in <see cref="Checks"/>.</summary>
    public const int RelativeFactor = 64;

    /// <summary>The spacing of doubles at 1, 2⁻⁵².</summary>
    public const double Epsilon = 2.220446049250313e-16;

    /// <summary>The largest allowed |computed − exact| for a condition whose terms add up to <paramref name="magnitude"/> in absolute value.</summary>
    public double Bound(double exact, double magnitude) =>
        (Absolute * System.Math.Max(1.0, System.Math.Abs(exact))) + (Relative * (magnitude + System.Math.Abs(exact)));
}
