namespace OdeKernels;

/// <summary>
/// Heun's second-order method (the explicit trapezoidal rule, or improved Euler): an Euler predictor followed by the
/// average of the two slopes. Fixed steps only (no embedded weights; see <see cref="HeunEuler"/> for the adaptive
/// pair), not FSAL.
/// </summary>
/// <remarks>Source: K. Heun, "Neue Methoden zur approximativen Integration der Differentialgleichungen einer unabhängigen Veränderlichen", Z. Math. Phys. 45, 23–38 (1900).</remarks>
[ButcherTableau(
    C = new[] { 0.0, 1.0 },
    A = new[] {
        1.0 },
    B = new[] { 1.0 / 2, 1.0 / 2 },
    Order = 2)]
public partial struct Heun { }
