namespace OdeKernels;

/// <summary>
/// The forward (explicit) Euler method: one stage, first order. A baseline and a test reference rather than a
/// production integrator; fixed steps only (no embedded weights), not FSAL.
/// </summary>
/// <remarks>Source: L. Euler, Institutionum calculi integralis, Vol. I, Sect. II, Ch. VII, St. Petersburg (1768); see also E. Hairer, S. P. Nørsett and G. Wanner, Solving Ordinary Differential Equations I, 2nd ed., Springer (1993).</remarks>
[ButcherTableau(
    C = new[] { 0.0 },
    A = new double[] { },
    B = new[] { 1.0 },
    Order = 1)]
public partial struct Euler { }
