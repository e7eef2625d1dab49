namespace OdeKernels;

/// <summary>
/// The Bogacki–Shampine 3(2) pair: four stages, FSAL (three new evaluations per accepted step), for loose tolerances
/// (around 1e-3 to 1e-5) on non-stiff problems; propagates the third-order solution.
/// </summary>
/// <remarks>Source: P. Bogacki and L. F. Shampine, "A 3(2) pair of Runge-Kutta formulas", Appl. Math. Lett. 2(4), 321–325 (1989).</remarks>
[ButcherTableau(
    C = new[] { 0.0, 1.0 / 2, 3.0 / 4, 1.0 },
    A = new[] {
        1.0 / 2,
        0.0, 3.0 / 4,
        2.0 / 9, 1.0 / 3, 4.0 / 9 },
    B = new[] { 2.0 / 9, 1.0 / 3, 4.0 / 9, 0.0 },
    BHat = new[] { 7.0 / 24, 1.0 / 4, 1.0 / 3, 1.0 / 8 },
    Order = 3, EmbeddedOrder = 2)]
public partial struct Bosh3 { }
