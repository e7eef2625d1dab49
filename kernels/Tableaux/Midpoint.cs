namespace OdeKernels;

/// <summary>
/// The explicit midpoint rule (Runge's second-order method): two stages, the second evaluated at the half step.
/// Fixed steps only (no embedded weights), not FSAL.
/// </summary>
/// <remarks>Source: C. Runge, "Über die numerische Auflösung von Differentialgleichungen", Math. Ann. 46, 167–178 (1895).</remarks>
[ButcherTableau(
    C = new[] { 0.0, 1.0 / 2 },
    A = new[] {
        1.0 / 2 },
    B = new[] { 0.0, 1.0 },
    Order = 2)]
public partial struct Midpoint { }
