namespace OdeKernels.Training;

/// <summary>What one gradient of an <see cref="IGradientObjective{T}"/> found and cost.</summary>
/// <param name="Loss">The loss at the parameters before the step.</param>
/// <param name="IsComplete">
/// Whether the loss covers the whole objective (every trajectory at every save time), so that
/// <see cref="TrainerOptions.LossTarget"/> may stop the run on it.
/// </param>
/// <param name="ForwardEvaluations">Right-hand-side evaluations of the forward solve (0 without one).</param>
/// <param name="BackwardEvaluations">Evaluations of the backward pass (0 without one).</param>
/// <param name="AcceptedSteps">Steps accepted by the forward solve.</param>
/// <param name="RejectedSteps">Steps rejected by the forward solve.</param>
/// <remarks>Thread safety: an immutable value; safe to share.</remarks>
public readonly record struct TrainingStep(
    double Loss, bool IsComplete, long ForwardEvaluations, long BackwardEvaluations, long AcceptedSteps, long RejectedSteps);
