namespace OdeKernels.Training;

/// <summary>Why <see cref="Trainer{T}.Run"/> returned.</summary>
public enum TrainingStopReason
{
    /// <summary>The run reached the requested number of iterations.</summary>
    MaxIterations,

    /// <summary>
    /// The loss of a complete batch fell to <see cref="TrainerOptions.LossTarget"/> or below, or the objective's own
    /// target was met (a <see cref="Models.SampleFit{T}"/>'s epoch loss).
    /// </summary>
    LossTarget,

    /// <summary>
    /// The cancellation token fired, or the objective stopped the run (a <see cref="Models.SampleFit{T}"/> whose epoch
    /// callback returned false); a checkpoint was written first when a directory was set.
    /// </summary>
    Cancelled,
}
