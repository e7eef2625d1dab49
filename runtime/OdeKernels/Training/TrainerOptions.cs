using System.Collections.Generic;

namespace OdeKernels.Training;

/// <summary>
/// How a <see cref="Trainer{T}"/> or <see cref="Trainer{TSystem, TTableau, T}"/> stops and saves, and how the latter
/// solves and differentiates (<see cref="Solver"/>, <see cref="Adjoint"/> and <see cref="Layers"/> go to its
/// <see cref="TrajectoryFit{TSystem, TTableau, T}"/>; a <see cref="Trainer{T}"/> takes them from its objective).
/// </summary>
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

    /// <summary>
    /// The model name recorded in checkpoints and required when resuming; null (the default) uses the objective's
    /// (<see cref="IGradientObjective{T}.ModelName"/>: the system's or the network's type name).
    /// </summary>
    public string? ModelName { get; init; }

    /// <summary>
    /// Overrides the layers that name a trajectory fit's checkpoint tensors <c>{k}.weight</c> and <c>{k}.bias</c>.
    /// Null (the default) takes the system's own (<see cref="IDifferentiableSystem{T}.Layers"/>, which every generated
    /// system carries, so there is no need to pass them), and stores the parameters as one tensor <c>parameters</c>
    /// for a system without layers; such a one-tensor checkpoint of a generated system, written before systems carried
    /// their layers, still resumes.
    /// </summary>
    public IReadOnlyList<DynamicsLayer>? Layers { get; init; }

    /// <summary>
    /// The ranks of a data-parallel run (an <c>OdeKernels.Distributed.Communicator</c> under <c>mpirun</c>); null (the
    /// default) for one process. Only rank 0 writes checkpoints and the metrics CSV and removes abandoned temporary
    /// files; every rank steps the same parameters, because a sharded objective hands every rank the same summed
    /// gradient and loss. The trainer itself sends nothing: sharding is the objective's (for example
    /// <c>OdeKernels.Distributed.ShardedTrajectoryFit</c>).
    /// </summary>
    public ITrainingCommunicator? Communicator { get; init; }
}
