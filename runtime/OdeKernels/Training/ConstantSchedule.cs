using System;

namespace OdeKernels.Training;

/// <summary>The same learning rate at every iteration.</summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="rate">The learning rate (finite, positive).</param>
    /// <exception cref="ArgumentException"><paramref name="rate"/> is not positive or not finite.</exception>
    public ConstantSchedule(double rate)
    {
        TrainingArguments.Positive(rate, nameof(rate));
        BaseRate = rate;
    }

    /// <summary>The learning rate.</summary>
    public double BaseRate { get; }

    /// <inheritdoc/>
    public double Rate(long iteration)
    {
        Schedules.CheckIteration(iteration);
        return BaseRate;
    }
}
