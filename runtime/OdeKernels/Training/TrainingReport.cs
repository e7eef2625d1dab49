namespace OdeKernels.Training;

/// <summary>What one training iteration did, as a <see cref="ITrainingObserver"/> and the metrics CSV see it.</summary>
/// <param name="Iteration">The 1-based number of the iteration (the optimizer steps taken after it).</param>
/// <param name="TotalIterations">The iteration the run trains to.</param>
/// <param name="Loss">The batch loss at the parameters before this iteration's step.</param>
/// <param name="LearningRate">The learning rate of this step.</param>
/// <param name="GradientNorm">‖dL/dθ‖₂ before clipping.</param>
/// <param name="ForwardEvaluations">Right-hand-side evaluations of the gradient's forward solve (<c>Gradient.Solution.Stats.Evaluations</c>).</param>
/// <param name="BackwardEvaluations">Evaluations of the backward pass (<c>Gradient.BackwardStats.Evaluations</c>).</param>
/// <param name="AcceptedSteps">Steps accepted by the forward solve.</param>
/// <param name="RejectedSteps">Steps rejected by the forward solve.</param>
/// <param name="Seconds">Wall-clock seconds of the iteration.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds since this <see cref="Trainer{T}.Run"/> started.</param>
/// <remarks>Thread safety: an immutable value; safe to share (MetricNames is a shared array: read it, never write
/// it).</remarks>
public readonly record struct TrainingReport(
    long Iteration,
    long TotalIterations,
    double Loss,
    double LearningRate,
    double GradientNorm,
    long ForwardEvaluations,
    long BackwardEvaluations,
    long AcceptedSteps,
    long RejectedSteps,
    double Seconds,
    double ElapsedSeconds)
{
    /// <summary>The metrics CSV columns, in the order of <see cref="ToMetrics"/>.</summary>
    public static readonly string[] MetricNames =
    [
        "loss", "learning_rate", "gradient_norm", "forward_evaluations", "backward_evaluations", "accepted_steps", "rejected_steps", "seconds",
    ];

    /// <summary>Writes the metrics of <see cref="MetricNames"/> into <paramref name="values"/> (at least 8 long).</summary>
    /// <param name="values">The destination.</param>
    public void ToMetrics(System.Span<double> values)
    {
        values[0] = Loss;
        values[1] = LearningRate;
        values[2] = GradientNorm;
        values[3] = ForwardEvaluations;
        values[4] = BackwardEvaluations;
        values[5] = AcceptedSteps;
        values[6] = RejectedSteps;
        values[7] = Seconds;
    }
}
