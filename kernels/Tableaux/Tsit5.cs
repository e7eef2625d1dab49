namespace OdeKernels;

/// <summary>
/// Tsitouras' 5(4) pair (Tsit5): seven stages, FSAL (six new evaluations per accepted step), propagating the
/// fifth-order solution; smaller error constants than Dormand–Prince, the recommended default for moderate tolerances
/// (around 1e-4 to 1e-8) on non-stiff problems.
/// </summary>
/// <remarks>
/// Source: Ch. Tsitouras, "Runge–Kutta pairs of order 5(4) satisfying only the first column simplifying assumption",
/// Comput. Math. Appl. 62(2), 770–775 (2011). Decimal coefficients are rounded to 17 significant digits from their
/// 40-digit values. The row labelled b̂ in the paper's Table 1 actually lists the differences b − b̂ of the two weight
/// vectors, with the sign of the last entry misprinted; BHat here is the fourth-order embedded weight vector itself
/// (b̂₁ ≈ 0.0946808, b̂₇ = +1/66), as in SUNDIALS' corrected ARKODE_TSITOURAS_7_4_5 and consistent with
/// OrdinaryDiffEq.jl's btilde = b̂ − b.
/// Dense is the paper's fourth-order continuous extension (§3), its bᵢ(θ) expanded in powers θ¹..θ⁴ as in
/// OrdinaryDiffEq.jl's Tsit5Interp (r₁₁ … r₇₄); at θ = 1 the rows sum to B.
/// </remarks>
[ButcherTableau(
    C = new[] { 0.0, 0.161, 0.327, 0.9, 0.98002554090450969, 1.0, 1.0 },
    A = new[] {
        0.161,
        -0.0084806554923569885, 0.33548065549235699,
        2.8971530571054934, -6.3594484899750748, 4.3622954328695814,
        5.3258648284392566, -11.748883564062828, 7.4955393428898362, -0.092495066361755249,
        5.86145544294642, -12.920969317847109, 8.1593678985761586, -0.071584973281400997, -0.028269050394068383,
        0.09646076681806523, 0.01, 0.47988965041449957, 1.3790085741037419, -3.2900695154360807, 2.324710524099774 },
    B = new[] { 0.09646076681806523, 0.01, 0.47988965041449957, 1.3790085741037419, -3.2900695154360807, 2.324710524099774, 0.0 },
    BHat = new[] { 0.094680755765839458, 0.0091835655403432531, 0.48777052842476157, 1.234297566930479, -2.7077123499835255, 1.866628418170587, 1.0 / 66 },
    Dense = new[] {
        1.0, -2.763706197274826, 2.9132554618219126, -1.0530884977290216,
        0.0, 0.13169999999999998, -0.2234, 0.1017,
        0.0, 3.9302962368947516, -5.941033872131505, 2.490627285651253,
        0.0, -12.411077166933676, 30.33818863028232, -16.548102889244902,
        0.0, 37.50931341651104, -88.1789048947664, 47.37952196281928,
        0.0, -27.896526289197286, 65.09189467479366, -34.87065786149661,
        0.0, 1.5, -4.0, 2.5 },
    DenseOrder = 4,
    Order = 5, EmbeddedOrder = 4)]
public partial struct Tsit5 { }
