namespace OdeKernels.Flows;

/// <summary>
/// Which integrals an <see cref="AugmentedSystem{TDynamics, T}"/> carries beside the state z, each as one more state
/// component that starts at 0: the change of log-density Δlog p (d/dt = −tr ∂f/∂z; Chen et al. 2018, Theorem 1), the
/// kinetic energy ∫‖f‖² dt and the Jacobian Frobenius norm ∫‖∂f/∂z‖²_F dt (the two regularisers of Finlay et al.
/// 2020, "How to train your neural ODE", eq. 3–4), and how the trace and the norm are computed.
/// </summary>
/// <param name="LogDensity">Carry Δlog p (a flow); false for a plain neural ODE that is only regularised.</param>
/// <param name="KineticEnergy">Carry ∫‖f‖² dt.</param>
/// <param name="JacobianNorm">Carry ∫‖∂f/∂z‖²_F dt.</param>
/// <param name="Estimator">Exact trace and norm, or Hutchinson's estimates from one probe per lane.</param>
/// <param name="Probe">The probes' distribution, for <see cref="TraceEstimator.Hutchinson"/>.</param>
/// <remarks>Thread safety: an immutable record; safe to share.</remarks>
public sealed record AugmentedTerms(
    bool LogDensity = true,
    bool KineticEnergy = false,
    bool JacobianNorm = false,
    TraceEstimator Estimator = TraceEstimator.Exact,
    ProbeDistribution Probe = ProbeDistribution.Rademacher)
{
    /// <summary>A flow's log-density with the exact divergence and no regulariser.</summary>
    public static AugmentedTerms ExactFlow { get; } = new();

    /// <summary>Whether a probe travels with each lane: Hutchinson estimates of a trace or a norm that is carried.</summary>
    public bool NeedsProbe => Estimator == TraceEstimator.Hutchinson && (LogDensity || JacobianNorm);
}
