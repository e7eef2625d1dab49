namespace OdeKernels;

/// <summary>
/// The classical fourth-order Runge–Kutta method: four stages, weights 1/6, 1/3, 1/3, 1/6. The standard fixed-step
/// workhorse; no embedded weights, not FSAL.
/// </summary>
/// <remarks>Source: W. Kutta, "Beitrag zur näherungsweisen Integration totaler Differentialgleichungen", Z. Math. Phys. 46, 435–453 (1901); see also C. Runge, Math. Ann. 46, 167–178 (1895).</remarks>
[ButcherTableau(
    C = new[] { 0.0, 1.0 / 2, 1.0 / 2, 1.0 },
    A = new[] {
        1.0 / 2,
        0.0, 1.0 / 2,
        0.0, 0.0, 1.0 },
    B = new[] { 1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6 },
    Order = 4)]
public partial struct Rk4 { }
