namespace OdeKernels;

/// <summary>
/// The Dormand–Prince 5(4) pair (DOPRI5, the method of MATLAB's ode45 and SciPy's RK45): seven stages, FSAL (six new
/// evaluations per accepted step), propagating the fifth-order solution; a general-purpose choice for moderate
/// tolerances (around 1e-4 to 1e-8) on non-stiff problems.
/// </summary>
/// <remarks>Source: J. R. Dormand and P. J. Prince, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6(1), 19–26 (1980), the pair RK5(4)7M; BHat is the fourth-order embedded solution.
/// Dense is the fourth-order continuous extension of L. F. Shampine, "Some practical Runge-Kutta formulas", Math.
/// Comp. 46(173), 135–150 (1986), in the form of Hairer, Nørsett and Wanner, Solving ODEs I, §II.6 (their CONTD5):
/// u(θ) = y + θ(Δ + (1 − θ)(hk₁ − Δ + θ(2Δ − hk₁ − hk₇ + (1 − θ) h Σ dᵢkᵢ))) with Δ = h Σ bᵢkᵢ, expanded per stage to
/// bᵢ(θ) = [i = 1] θ + (3bᵢ − 2[i = 1] − [i = 7] + dᵢ) θ² + (−2bᵢ + [i = 1] + [i = 7] − 2dᵢ) θ³ + dᵢ θ⁴ (rows below,
/// with bᵢ and Shampine's dᵢ written out; SciPy's RK45 uses the same polynomials).</remarks>
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
    Dense = new[] {
        1.0, (3 * (35.0 / 384)) - 2 + (-12715105075.0 / 11282082432), (-2 * (35.0 / 384)) + 1 - (2 * (-12715105075.0 / 11282082432)), -12715105075.0 / 11282082432,
        0.0, 0.0, 0.0, 0.0,
        0.0, (3 * (500.0 / 1113)) + (87487479700.0 / 32700410799), (-2 * (500.0 / 1113)) - (2 * (87487479700.0 / 32700410799)), 87487479700.0 / 32700410799,
        0.0, (3 * (125.0 / 192)) + (-10690763975.0 / 1880347072), (-2 * (125.0 / 192)) - (2 * (-10690763975.0 / 1880347072)), -10690763975.0 / 1880347072,
        0.0, (3 * (-2187.0 / 6784)) + (701980252875.0 / 199316789632), (-2 * (-2187.0 / 6784)) - (2 * (701980252875.0 / 199316789632)), 701980252875.0 / 199316789632,
        0.0, (3 * (11.0 / 84)) + (-1453857185.0 / 822651844), (-2 * (11.0 / 84)) - (2 * (-1453857185.0 / 822651844)), -1453857185.0 / 822651844,
        0.0, -1 + (69997945.0 / 29380423), 1 - (2 * (69997945.0 / 29380423)), 69997945.0 / 29380423 },
    DenseOrder = 4,
    Order = 5, EmbeddedOrder = 4)]
public partial struct Dopri5 { }
