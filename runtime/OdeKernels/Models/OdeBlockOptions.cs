namespace OdeKernels.Models;

/// <summary>How the ODE block of an <see cref="OdeModel{TStem, TDynamics, TTableau, THead, T}"/> integrates and differentiates.</summary>
/// <remarks>Thread safety: immutable (init-only); safe to share.</remarks>
public sealed record OdeBlockOptions
{
    /// <summary>The block integrates dy/dt = f(y) over [0, <see cref="EndTime"/>] (default 1; positive and finite).</summary>
    public double EndTime { get; init; } = 1.0;

    /// <summary>Tolerances or the fixed step of the solves, forwards and (for Backsolve) backwards (default <see cref="SolverOptions.Default"/>).</summary>
    public SolverOptions Solver { get; init; } = SolverOptions.Default;

    /// <summary>How gradients are taken through the block (default <see cref="AdjointMethod.Backsolve"/>).</summary>
    public AdjointMethod Adjoint { get; init; } = AdjointMethod.Backsolve;

    /// <summary>For <see cref="AdjointMethod.Checkpointed"/>: the most states stored per lane; 0 (the default) for about 2√N.</summary>
    public int Checkpoints { get; init; }
}
