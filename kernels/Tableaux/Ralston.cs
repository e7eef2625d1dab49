namespace OdeKernels;

/// <summary>
/// Ralston's second-order method: the two-stage explicit method (a₂₁ = 2/3) that minimises the bound on the
/// leading local truncation error. Fixed steps only (no embedded weights), not FSAL.
/// </summary>
/// <remarks>Source: A. Ralston, "Runge-Kutta methods with minimum error bounds", Math. Comp. 16(80), 431–437 (1962).</remarks>
[ButcherTableau(
    C = new[] { 0.0, 2.0 / 3 },
    A = new[] {
        2.0 / 3 },
    B = new[] { 1.0 / 4, 3.0 / 4 },
    Order = 2)]
public partial struct Ralston { }
