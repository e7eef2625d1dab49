using System;
using System.ComponentModel;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Generated;

/// <summary>
/// The buffers of one batched reverse (adjoint) Runge-Kutta step, used by the generated
/// <see cref="IRungeKuttaTableau.ReverseStep"/>. Layouts are component-major with the stride of the forward
/// <see cref="RungeKuttaStep{T}"/> it runs beside.
/// Infrastructure for generated code; not for direct use.
/// </summary>
/// <typeparam name="T">The floating-point type of the state.</typeparam>
/// <remarks>Thread safety: a ref struct that lives on one thread's stack for one reverse step; it cannot be
/// shared.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct RungeKuttaReverse<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>On entry ȳ′, the cotangent of the step's result; on return ȳ, the cotangent of its start.</summary>
    public Span<T> Bar;

    /// <summary>Scratch for the stage cotangents k̄₁..k̄ₛ (stage blocks as in <see cref="RungeKuttaStep{T}.Stages"/>).</summary>
    public Span<T> StageBars;

    /// <summary>Scratch for one stage's aᵀ∂f/∂y.</summary>
    public Span<T> Cotangent;

    /// <summary>Receives the step's aᵀ∂f/∂θ, summed over lanes (added to).</summary>
    public Span<T> Parameters;

    /// <summary>
    /// Cotangents added to the stages' seeds (stage blocks as in <see cref="StageBars"/>): dense output's
    /// h Σ wᵢ(θ) ū of the save times interpolated inside the step; empty (the default) for none.
    /// </summary>
    public ReadOnlySpan<T> StageSeeds;

    /// <summary>
    /// Effectively computes k̄ⱼ = h · b · ȳ′ for stage <paramref name="stage"/> (the seed from the solution weights),
    /// plus the stage's <see cref="StageSeeds"/> when there are any.
    /// </summary>
    /// <param name="step">The forward step's buffers (for the per-lane step sizes).</param>
    /// <param name="stage">The 0-based stage.</param>
    /// <param name="b">The stage's solution weight.</param>
    public readonly void SeedStage(scoped ref readonly RungeKuttaStep<T> step, int stage, double b)
    {
        LaneOps.SetScaledByStep(step.StepSize, T.CreateTruncating(b), Bar, StageBars.Slice(stage * step.StageBlock, step.StageBlock), step.StateSize, step.Count, step.Stride);
        AddStageSeeds(in step, stage);
    }

    /// <summary>Zeroes k̄ of stage <paramref name="stage"/> (a stage whose solution weight is 0), then adds its <see cref="StageSeeds"/> when there are any.</summary>
    /// <param name="step">The forward step's buffers.</param>
    /// <param name="stage">The 0-based stage.</param>
    public readonly void ClearStage(scoped ref readonly RungeKuttaStep<T> step, int stage)
    {
        LaneOps.Clear(StageBars.Slice(stage * step.StageBlock, step.StageBlock), step.StateSize, step.Count, step.Stride);
        AddStageSeeds(in step, stage);
    }

    private readonly void AddStageSeeds(scoped ref readonly RungeKuttaStep<T> step, int stage)
    {
        if (!StageSeeds.IsEmpty)
        {
            LaneOps.Add(StageSeeds.Slice(stage * step.StageBlock, step.StageBlock), StageBars.Slice(stage * step.StageBlock, step.StageBlock), step.StateSize, step.Count, step.Stride);
        }
    }

    /// <summary>Returns k̄ of stage <paramref name="stage"/>.</summary>
    /// <param name="step">The forward step's buffers.</param>
    /// <param name="stage">The 0-based stage.</param>
    public readonly ReadOnlySpan<T> StageBar(scoped ref readonly RungeKuttaStep<T> step, int stage) => StageBars.Slice(stage * step.StageBlock, step.StageBlock);

    /// <summary>Zeroes <see cref="Cotangent"/> before a stage's vector-Jacobian product is added into it.</summary>
    /// <param name="step">The forward step's buffers.</param>
    public readonly void ClearCotangent(scoped ref readonly RungeKuttaStep<T> step) =>
        LaneOps.Clear(Cotangent, step.StateSize, step.Count, step.Stride);

    /// <summary>Effectively computes ȳ += g, with g = <see cref="Cotangent"/> (every stage input depends on y with weight 1).</summary>
    /// <param name="step">The forward step's buffers.</param>
    public readonly void AddCotangentToBar(scoped ref readonly RungeKuttaStep<T> step) =>
        LaneOps.Add<T>(Cotangent, Bar, step.StateSize, step.Count, step.Stride);

    /// <summary>Effectively computes k̄ⱼ += h · a · g for an earlier stage j that fed this stage with coefficient a.</summary>
    /// <param name="step">The forward step's buffers.</param>
    /// <param name="stage">The 0-based earlier stage j.</param>
    /// <param name="a">The coefficient aᵢⱼ.</param>
    public readonly void Propagate(scoped ref readonly RungeKuttaStep<T> step, int stage, double a) =>
        LaneOps.AddScaledByStep<T>(step.StepSize, T.CreateTruncating(a), Cotangent, StageBars.Slice(stage * step.StageBlock, step.StageBlock), step.StateSize, step.Count, step.Stride);
}
