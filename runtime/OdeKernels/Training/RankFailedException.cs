using System;

namespace OdeKernels.Training;

/// <summary>
/// A rank of a data-parallel run failed; every rank throws this, with the same message, at the next
/// <see cref="ITrainingCommunicator.Agree"/>, instead of waiting for the failed rank.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class RankFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="rank">The lowest rank that failed.</param>
    /// <param name="message">That rank's error, prefixed with the rank.</param>
    /// <param name="inner">The original exception on the failed rank; null on the others.</param>
    public RankFailedException(int rank, string message, Exception? inner = null)
        : base(message, inner)
    {
        Rank = rank;
    }

    /// <summary>The lowest rank that failed.</summary>
    public int Rank { get; }
}
