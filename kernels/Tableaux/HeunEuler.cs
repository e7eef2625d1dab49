namespace OdeKernels;

/// <summary>
/// The Heun–Euler 2(1) pair: Heun's second-order method with the forward Euler step as the embedded first-order
/// solution. The cheapest adaptive pair (two evaluations per step), for rough tolerances; not FSAL.
/// </summary>
/// <remarks>Source: K. Heun, "Neue Methoden zur approximativen Integration der Differentialgleichungen einer unabhängigen Veränderlichen", Z. Math. Phys. 45, 23–38 (1900), with the Euler step of L. Euler (1768) as the embedded method.</remarks>
[ButcherTableau(
    C = new[] { 0.0, 1.0 },
    A = new[] {
        1.0 },
    B = new[] { 1.0 / 2, 1.0 / 2 },
    BHat = new[] { 1.0, 0.0 },
    Order = 2, EmbeddedOrder = 1)]
public partial struct HeunEuler { }
