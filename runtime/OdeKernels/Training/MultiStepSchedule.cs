using System;
using System.Collections.Generic;

namespace OdeKernels.Training;

/// <summary>
/// Decay at milestones (PyTorch's <c>MultiStepLR</c>): effectively computes <c>rate(i) = baseRate · γ^k</c> with k the
/// number of milestones ≤ i. Chen et al. (2018) train their MNIST networks with rate 0.1 decayed by 10 at epochs 60,
/// 100 and 140, which a regular <see cref="StepSchedule"/> cannot express.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class MultiStepSchedule : ILearningRateSchedule
{
    private readonly long[] _milestones;

    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The rate before the first milestone (finite, positive).</param>
    /// <param name="gamma">γ, the factor applied at each milestone, in (0, 1].</param>
    /// <param name="milestones">The iterations at which the rate decays: positive and strictly increasing (copied).</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its value.</exception>
    public MultiStepSchedule(double baseRate, double gamma, ReadOnlySpan<long> milestones)
    {
        TrainingArguments.Positive(baseRate, nameof(baseRate));
        if (!(gamma > 0 && gamma <= 1))
        {
            throw new ArgumentException($"gamma must lie in (0, 1], but it is {TrainingArguments.Format(gamma)}.", nameof(gamma));
        }

        for (int k = 0; k < milestones.Length; k++)
        {
            if (milestones[k] <= 0 || (k > 0 && milestones[k] <= milestones[k - 1]))
            {
                throw new ArgumentException($"milestones must be positive and strictly increasing, but milestones[{k}] is {milestones[k]}{(k > 0 ? $" after {milestones[k - 1]}" : string.Empty)}.", nameof(milestones));
            }
        }

        BaseRate = baseRate;
        Gamma = gamma;
        _milestones = milestones.ToArray();
    }

    /// <summary>The rate before the first milestone.</summary>
    public double BaseRate { get; }

    /// <summary>γ, the factor applied at each milestone.</summary>
    public double Gamma { get; }

    /// <summary>The iterations at which the rate decays.</summary>
    public IReadOnlyList<long> Milestones => Array.AsReadOnly(_milestones);

    /// <inheritdoc/>
    public double Rate(long iteration)
    {
        Schedules.CheckIteration(iteration);
        int passed = 0;
        while (passed < _milestones.Length && _milestones[passed] <= iteration)
        {
            passed++;
        }

        // As StepSchedule: γ^k may underflow; the smallest positive double keeps the rate positive.
        return Math.Max(BaseRate * Math.Pow(Gamma, passed), double.Epsilon);
    }
}
