using System;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// What one training iteration fits: initial states of a batch of lanes, the save times they are solved to, and the
/// targets at those times in the save-major layout of <see cref="Solution{T}.States"/>.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: safe to read from any number of threads; its arrays are kept, not copied, so nobody may
/// write them while it is in use.</remarks>
public sealed class TrainingBatch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a batch (the arrays are kept, not copied).</summary>
    /// <param name="initialStates">lanes × stateSize initial states, lane after lane.</param>
    /// <param name="saveAt">Strictly increasing save times; the solve starts at the first.</param>
    /// <param name="targets">saves × lanes × stateSize targets, laid out like <see cref="Solution{T}.States"/>.</param>
    /// <param name="isComplete">Whether the batch is the whole objective (all data, the full time window), so its loss may stop training at a loss target.</param>
    /// <exception cref="ArgumentException">An array is empty, or the targets do not hold saves × initial-state values.</exception>
    public TrainingBatch(T[] initialStates, T[] saveAt, T[] targets, bool isComplete)
    {
        ArgumentNullException.ThrowIfNull(initialStates);
        ArgumentNullException.ThrowIfNull(saveAt);
        ArgumentNullException.ThrowIfNull(targets);
        if (initialStates.Length == 0 || saveAt.Length == 0)
        {
            throw new ArgumentException($"initialStates and saveAt must not be empty, but their lengths are {initialStates.Length} and {saveAt.Length}.", nameof(initialStates));
        }

        long expected = (long)saveAt.Length * initialStates.Length;
        if (targets.Length != expected)
        {
            throw new ArgumentException($"targets must hold saveAt.Length × initialStates.Length = {expected} values, but its length is {targets.Length}.", nameof(targets));
        }

        InitialStates = initialStates;
        SaveAt = saveAt;
        Targets = targets;
        IsComplete = isComplete;
    }

    /// <summary>The initial states, lane after lane.</summary>
    public T[] InitialStates { get; }

    /// <summary>The save times.</summary>
    public T[] SaveAt { get; }

    /// <summary>The targets, save-major like <see cref="Solution{T}.States"/>.</summary>
    public T[] Targets { get; }

    /// <summary>Whether the batch is the whole objective; only then does its loss count against <see cref="TrainerOptions.LossTarget"/>.</summary>
    public bool IsComplete { get; }
}
