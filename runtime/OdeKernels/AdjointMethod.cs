namespace OdeKernels;

/// <summary>How <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, System.ReadOnlySpan{T}, System.ReadOnlySpan{T}, System.ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/> differentiates through a solve.</summary>
public enum AdjointMethod
{
    /// <summary>
    /// The continuous adjoint of Chen et al. (2018): the augmented system [y, a, a_θ] is integrated backwards with the
    /// same tableau and tolerances, adding dL/dy(tᵢ) at the save times. Memory does not depend on the number of
    /// steps; the gradient converges to the true one as the tolerances tighten.
    /// </summary>
    Backsolve,

    /// <summary>
    /// The discrete adjoint: the exact gradient of the numerical solution, by reverse mode through each accepted step,
    /// recomputing the steps between stored checkpoints so that stored states grow as the square root of the steps.
    /// </summary>
    Checkpointed,

    /// <summary>Reverse mode through every stored step (memory grows linearly with the steps): the reference.</summary>
    Direct,
}
