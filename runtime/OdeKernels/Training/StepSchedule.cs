using System;

namespace OdeKernels.Training;

/// <summary>
/// Step decay: effectively computes <c>rate(i) = baseRate · γ^⌊i / stepSize⌋</c>, multiplying the rate by γ every
/// <c>stepSize</c> iterations.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class StepSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The rate of the first <paramref name="stepSize"/> iterations (finite, positive).</param>
    /// <param name="gamma">γ, the factor applied every <paramref name="stepSize"/> iterations, in (0, 1].</param>
    /// <param name="stepSize">The number of iterations between decays (positive).</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its value.</exception>
    public StepSchedule(double baseRate, double gamma, long stepSize)
    {
        TrainingArguments.Positive(baseRate, nameof(baseRate));
        if (!(gamma > 0 && gamma <= 1))
        {
            throw new ArgumentException($"gamma must lie in (0, 1], but it is {TrainingArguments.Format(gamma)}.", nameof(gamma));
        }

        if (stepSize <= 0)
        {
            throw new ArgumentException($"stepSize must be positive, but it is {stepSize}.", nameof(stepSize));
        }

        BaseRate = baseRate;
        Gamma = gamma;
        StepSize = stepSize;
    }

    /// <summary>The rate before the first decay.</summary>
    public double BaseRate { get; }

    /// <summary>γ, the factor applied every <see cref="StepSize"/> iterations.</summary>
    public double Gamma { get; }

    /// <summary>The number of iterations between decays.</summary>
    public long StepSize { get; }

    /// <inheritdoc/>
    public double Rate(long iteration)
    {
        Schedules.CheckIteration(iteration);

        // γ^k underflows to 0 after enough decays; the smallest positive double keeps the promise of a positive rate.
        return Math.Max(BaseRate * Math.Pow(Gamma, iteration / StepSize), double.Epsilon);
    }
}
