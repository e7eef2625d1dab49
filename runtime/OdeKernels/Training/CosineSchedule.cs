using System;

namespace OdeKernels.Training;

/// <summary>
/// Cosine annealing (Loshchilov &amp; Hutter 2017, SGDR eq. 5, without restarts) with an optional linear warm-up:
/// for <c>i &lt; W</c> the rate rises linearly, <c>rate(i) = baseRate · (i + 1) / W</c>; then, with
/// <c>p = (i − W) / (N − W)</c>, it effectively computes <c>rate(i) = min + (baseRate − min) · (1 + cos(π·p)) / 2</c>;
/// from iteration <c>N</c> on it stays at <c>min</c>.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class CosineSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The peak rate, reached at the end of the warm-up (finite, positive).</param>
    /// <param name="minimumRate">The final rate (finite, positive, at most <paramref name="baseRate"/>).</param>
    /// <param name="totalIterations">N, the iteration at which the rate reaches <paramref name="minimumRate"/>, warm-up included (greater than <paramref name="warmupIterations"/>).</param>
    /// <param name="warmupIterations">W, the number of warm-up iterations (non-negative); 0 for none.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its value.</exception>
    public CosineSchedule(double baseRate, double minimumRate, long totalIterations, long warmupIterations = 0)
    {
        TrainingArguments.Positive(baseRate, nameof(baseRate));
        TrainingArguments.Positive(minimumRate, nameof(minimumRate));
        if (minimumRate > baseRate)
        {
            throw new ArgumentException($"minimumRate must not exceed baseRate = {TrainingArguments.Format(baseRate)}, but it is {TrainingArguments.Format(minimumRate)}.", nameof(minimumRate));
        }

        if (warmupIterations < 0)
        {
            throw new ArgumentException($"warmupIterations must be non-negative, but it is {warmupIterations}.", nameof(warmupIterations));
        }

        if (totalIterations <= warmupIterations)
        {
            throw new ArgumentException($"totalIterations must exceed warmupIterations = {warmupIterations}, but it is {totalIterations}.", nameof(totalIterations));
        }

        BaseRate = baseRate;
        MinimumRate = minimumRate;
        TotalIterations = totalIterations;
        WarmupIterations = warmupIterations;
    }

    /// <summary>The peak rate.</summary>
    public double BaseRate { get; }

    /// <summary>The final rate.</summary>
    public double MinimumRate { get; }

    /// <summary>N, the iteration from which the rate is <see cref="MinimumRate"/>.</summary>
    public long TotalIterations { get; }

    /// <summary>W, the number of warm-up iterations.</summary>
    public long WarmupIterations { get; }

    /// <inheritdoc/>
    public double Rate(long iteration)
    {
        Schedules.CheckIteration(iteration);
        if (iteration < WarmupIterations)
        {
            // (i + 1) / W rather than i / W: a zero rate at iteration 0 would waste a step (and optimizers refuse it).
            return BaseRate * (iteration + 1) / WarmupIterations;
        }

        if (iteration >= TotalIterations)
        {
            return MinimumRate;
        }

        double progress = (double)(iteration - WarmupIterations) / (TotalIterations - WarmupIterations);
        return MinimumRate + ((BaseRate - MinimumRate) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
