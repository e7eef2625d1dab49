namespace OdeKernels.Training;

/// <summary>How a call of <see cref="Trainer{T}.Run"/> ended.</summary>
/// <param name="Reason">Why it stopped.</param>
/// <param name="Iterations">The iterations completed in total (optimizer steps, counting those before a resume).</param>
/// <param name="Loss">The last loss computed (at the final parameters when the loss target stopped the run), or NaN when no iteration ran.</param>
/// <param name="Seconds">The wall-clock seconds of this call.</param>
/// <param name="Checkpoint">The checkpoint written at the end, or null when no checkpoint directory was set.</param>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed record TrainingResult(TrainingStopReason Reason, long Iterations, double Loss, double Seconds, string? Checkpoint);
