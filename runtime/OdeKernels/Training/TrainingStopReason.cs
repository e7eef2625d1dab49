namespace OdeKernels.Training;

/// <summary>Why <see cref="Trainer{TSystem, TTableau, T}.Run"/> returned.</summary>
public enum TrainingStopReason
{
    /// <summary>The run reached the requested number of iterations.</summary>
    MaxIterations,

    /// <summary>The loss of a complete batch fell to <see cref="TrainerOptions.LossTarget"/> or below.</summary>
    LossTarget,

    /// <summary>The cancellation token fired; a checkpoint was written first when a directory was set.</summary>
    Cancelled,
}
