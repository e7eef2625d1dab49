namespace OdeKernels;

/// <summary>
/// Kutta's 3/8 rule: the fourth-order, four-stage method with nodes 0, 1/3, 2/3, 1 and weights 1/8, 3/8, 3/8, 1/8;
/// slightly smaller error constants than the classical method. Fixed steps only (no embedded weights), not FSAL.
/// </summary>
/// <remarks>Source: W. Kutta, "Beitrag zur näherungsweisen Integration totaler Differentialgleichungen", Z. Math. Phys. 46, 435–453 (1901).</remarks>
[ButcherTableau(
    C = new[] { 0.0, 1.0 / 3, 2.0 / 3, 1.0 },
    A = new[] {
        1.0 / 3,
        -1.0 / 3, 1.0,
        1.0, -1.0, 1.0 },
    B = new[] { 1.0 / 8, 3.0 / 8, 3.0 / 8, 1.0 / 8 },
    Order = 4)]
public partial struct Rk38 { }
