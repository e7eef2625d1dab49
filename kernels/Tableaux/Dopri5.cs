namespace OdeKernels;

/// <summary>
/// The Dormand–Prince 5(4) pair (DOPRI5, the method of MATLAB's ode45 and SciPy's RK45): seven stages, FSAL (six new
/// evaluations per accepted step), propagating the fifth-order solution; a general-purpose choice for moderate
/// tolerances (around 1e-4 to 1e-8) on non-stiff problems.
/// </summary>
/// <remarks>Source: J. R. Dormand and P. J. Prince, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6(1), 19–26 (1980), the pair RK5(4)7M; BHat is the fourth-order embedded solution.</remarks>
[ButcherTableau(
    C = new[] { 0.0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1.0, 1.0 },
    A = new[] {
        1.0 / 5,
        3.0 / 40, 9.0 / 40,
        44.0 / 45, -56.0 / 15, 32.0 / 9,
        19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729,
        9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656,
        35.0 / 384, 0.0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84 },
    B = new[] { 35.0 / 384, 0.0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0.0 },
    BHat = new[] { 5179.0 / 57600, 0.0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40 },
    Order = 5, EmbeddedOrder = 4)]
public partial struct Dopri5 { }
