using System.Collections.Generic;

namespace OdeKernels.Training;

/// <summary>How a <see cref="Trainer{TSystem, TTableau, T}"/> solves, differentiates, stops and saves.</summary>
/// <remarks>Thread safety: immutable (init-only); safe to share.</remarks>
public sealed record TrainerOptions
{
    /// <summary>Tolerances and step control of the forward and backward solves (default <see cref="SolverOptions.Default"/>).</summary>
    public SolverOptions Solver { get; init; } = SolverOptions.Default;

    /// <summary>How gradients are taken through the solve (default <see cref="AdjointMethod.Backsolve"/>).</summary>
    public AdjointMethod Adjoint { get; init; } = AdjointMethod.Backsolve;

    /// <summary>Where the gradient's 2-norm is clipped (<see cref="GradientClipping.ClipByNorm{T}(System.Span{T}, double)"/>); null (the default) for no clipping.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Stop as soon as the loss of a complete batch (<see cref="TrainingBatch{T}.IsComplete"/>) is at most this; null (the default) for no target.</summary>
    public double? LossTarget { get; init; }

    /// <summary>The seed of the run's <see cref="TrainingRandom"/> (default 0).</summary>
    public ulong Seed { get; init; }

    /// <summary>The directory of the checkpoints (<c>checkpoint-{iteration:D6}.safetensors</c>); null (the default) writes none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>A checkpoint every this many iterations, besides the one at the end; 0 (the default) only at the end.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>How many of the newest checkpoints are kept (default 3).</summary>
    public int CheckpointsKept { get; init; } = 3;

    /// <summary>The metrics CSV (one row per iteration, columns <see cref="TrainingReport.MetricNames"/>); null (the default) for none.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>The model name recorded in checkpoints and required when resuming; null (the default) uses the system's type name.</summary>
    public string? ModelName { get; init; }

    /// <summary>
    /// The layers of a generated network (its static <c>Layers</c>), which name the checkpoint tensors
    /// <c>{k}.weight</c> and <c>{k}.bias</c>; null stores the parameters as one tensor <c>parameters</c>.
    /// </summary>
    public IReadOnlyList<DynamicsLayer>? Layers { get; init; }
}
