using System;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// The one-rank <see cref="ITrainingCommunicator"/>: rank 0 of 1; sums and gathers are copies, and a failure is
/// rethrown as the <see cref="RankFailedException"/> every rank would throw.
/// </summary>
/// <remarks>Thread safety: stateless; safe to share.</remarks>
public sealed class SingleProcess : ITrainingCommunicator
{
    private SingleProcess()
    {
    }

    /// <summary>The instance.</summary>
    public static SingleProcess Instance { get; } = new();

    /// <inheritdoc/>
    public int Rank => 0;

    /// <inheritdoc/>
    public int Size => 1;

    /// <inheritdoc/>
    public void SumInRankOrder<T>(Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One rank: the sum is its contribution, unchanged.
    }

    /// <inheritdoc/>
    public void GatherToAll<T>(ReadOnlySpan<T> local, ReadOnlySpan<int> counts, Span<T> all) where T : unmanaged
    {
        if (counts.Length != 1 || counts[0] != local.Length || all.Length != local.Length)
        {
            throw new ArgumentException($"counts must be [{local.Length}] and all must hold {local.Length} values on a single process, but counts has {counts.Length} entries and all holds {all.Length}.", nameof(counts));
        }

        local.CopyTo(all);
    }

    /// <inheritdoc/>
    public void Agree(Exception? failure)
    {
        if (failure is not null)
        {
            throw new RankFailedException(0, $"rank 0 failed: {failure.Message}", failure);
        }
    }
}
