using System;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// The ranks of a data-parallel run as training sees them: which rank this process is, how many there are, and the
/// few collective operations a sharded objective needs. The core owns the abstraction and a single-process
/// implementation (<see cref="SingleProcess"/>); the MPI one is <c>OdeKernels.Distributed.Communicator</c>, in a
/// package of its own, so that a program that never asks for MPI never loads it.
/// </summary>
/// <remarks>
/// Every method except <see cref="Rank"/> and <see cref="Size"/> is collective: every rank calls it, in the same order,
/// with the same lengths. Sums are taken in a fixed order (rank 0, 1, 2, …, in double) and handed to every rank, so a
/// run is bit-for-bit reproducible for a fixed rank count and every rank holds the same bits.
/// <para>Thread safety: not thread-safe; one thread per rank issues the collective calls.</para>
/// </remarks>
public interface ITrainingCommunicator
{
    /// <summary>This process's 0-based rank.</summary>
    int Rank { get; }

    /// <summary>The number of ranks (at least 1).</summary>
    int Size { get; }

    /// <summary>
    /// Replaces <paramref name="values"/> on every rank by their sum over the ranks, effectively computed as
    /// <c>(double)v₀ + v₁ + … + v_{p−1}</c> in rank order and rounded to <typeparamref name="T"/> once.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="values">This rank's contribution; receives the sum (the same length on every rank).</param>
    void SumInRankOrder<T>(Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Concatenates every rank's <paramref name="local"/> in rank order into <paramref name="all"/> on every rank.</summary>
    /// <typeparam name="T">float, double or long.</typeparam>
    /// <param name="local">This rank's part (its length is <c>counts[Rank]</c>).</param>
    /// <param name="counts">The length of every rank's part (the same on every rank).</param>
    /// <param name="all">Receives the parts (length Σ counts).</param>
    void GatherToAll<T>(ReadOnlySpan<T> local, ReadOnlySpan<int> counts, Span<T> all) where T : unmanaged;

    /// <summary>
    /// The failure check every rank passes before a collective that depends on work that may fail: when any rank
    /// passes an exception, every rank throws the same <see cref="RankFailedException"/> naming the lowest failing rank
    /// and its message, so no rank waits forever for one that has stopped.
    /// </summary>
    /// <param name="failure">What this rank caught since the last check, or null.</param>
    /// <exception cref="RankFailedException">Some rank passed an exception.</exception>
    void Agree(Exception? failure);
}
