namespace OdeKernels.Flows;

/// <summary>How a <see cref="FlowFit{TDynamics, TTableau, T}"/> trains a flow by maximum likelihood.</summary>
/// <param name="BatchSize">Points per iteration, drawn with replacement from the run's random stream; the whole data set, in order, when it has no more points.</param>
/// <param name="Adjoint">How gradients are taken through the solve (any adjoint).</param>
/// <param name="Estimator">Exact divergence, or Hutchinson's estimate with a fresh probe per point and iteration.</param>
/// <param name="Probe">The probes' distribution for <see cref="TraceEstimator.Hutchinson"/>.</param>
/// <param name="KineticWeight">λ_K of the kinetic-energy regulariser ∫‖f‖² dt (0: not carried).</param>
/// <param name="JacobianWeight">λ_J of the Jacobian Frobenius regulariser ∫‖∂f/∂z‖²_F dt (0: not carried).</param>
/// <remarks>Thread safety: an immutable record; safe to share.</remarks>
public sealed record FlowFitOptions(
    int BatchSize = 256,
    AdjointMethod Adjoint = AdjointMethod.Backsolve,
    TraceEstimator Estimator = TraceEstimator.Exact,
    ProbeDistribution Probe = ProbeDistribution.Rademacher,
    double KineticWeight = 0,
    double JacobianWeight = 0)
{
    /// <summary>The augmented terms these options carry.</summary>
    public AugmentedTerms Terms => new(LogDensity: true, KineticEnergy: KineticWeight != 0, JacobianNorm: JacobianWeight != 0, Estimator, Probe);
}
