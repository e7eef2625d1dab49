namespace OdeKernels.Flows;

/// <summary>
/// How the augmented states of <see cref="AugmentedSystem{TDynamics, T}"/> get the Jacobian's trace (the divergence of
/// a flow) and its Frobenius norm: one setting for both, because both come from the same tangents.
/// </summary>
/// <remarks>Thread safety: an enum value; safe to share.</remarks>
public enum TraceEstimator
{
    /// <summary>
    /// Exact: the divergence from the system's one-pass <see cref="IDivergenceSystem{T}.EvaluateWithDivergenceBatch"/>,
    /// and ‖∂f/∂z‖²_F = Σₖ ‖J eₖ‖² from d tangents eₖ (which give the exact divergence too). For the small d of 2-D and
    /// tabular flows, where it costs about as much as one estimate and removes its variance.
    /// </summary>
    Exact,

    /// <summary>
    /// Hutchinson's estimator (FFJORD, Grathwohl et al. 2019 §3.1; RNODE, Finlay et al. 2020 §4): tr J ≈ εᵀJε and
    /// ‖J‖²_F ≈ ‖Jε‖² from one Jacobian–vector product with a probe ε per lane, drawn from the run's random stream and
    /// held fixed for the whole solve (it is carried as constant components of the augmented state, so that it stays
    /// with its lane whatever the solver does with lanes). Unbiased when E[εεᵀ] = I.
    /// </summary>
    Hutchinson,
}
