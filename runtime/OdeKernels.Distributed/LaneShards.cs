using System;
using System.Numerics;
using OdeKernels.Solving;
using OdeKernels.Training;

namespace OdeKernels.Distributed;

/// <summary>
/// How lanes are split across ranks and put back together. The unit is the solver's lane block
/// (<see cref="LaneBlocks.Size"/> of the system: 256 lanes unless it states another, the block a single process also
/// solves and sums by): rank r of p holds
/// blocks [⌊rB/p⌋, ⌊(r+1)B/p⌋) of the B blocks, a contiguous run of lanes, so rank order is lane order and every
/// rank's lanes are solved exactly as the same lanes are inside a single-process call.
/// </summary>
internal static class LaneShards
{
    /// <summary>Rank <paramref name="rank"/>'s lanes: the first and the count (0 when it holds no block).</summary>
    public static (int First, int Count) Range(int lanes, int rank, int size, int blockSize)
    {
        int blocks = LaneBlocks.Count(lanes, blockSize);
        int firstBlock = (int)((long)blocks * rank / size), endBlock = (int)((long)blocks * (rank + 1) / size);
        int first = Math.Min(firstBlock * blockSize, lanes), end = Math.Min(endBlock * blockSize, lanes);
        return (first, end - first);
    }

    /// <summary>Every rank's lane count times <paramref name="valuesPerLane"/>: the counts of a gather of per-lane data.</summary>
    public static int[] Counts(int lanes, int size, int blockSize, int valuesPerLane)
    {
        var counts = new int[size];
        for (int r = 0; r < size; r++)
        {
            counts[r] = checked(Range(lanes, r, size, blockSize).Count * valuesPerLane);
        }

        return counts;
    }

    /// <summary>A failure of this rank's lanes, with the lane numbered in the whole batch (the message is what every rank will print).</summary>
    public static Exception InBatch(Exception failure, int first) =>
        failure is OdeSolveException solve
            ? new OdeSolveException(first + solve.Lane, solve.Time, $"lane {first + solve.Lane} of the batch (lane {solve.Lane} of this rank's shard) failed at t = {solve.Time:R}: {solve.Message}")
            : failure;

    /// <summary>
    /// The save-major states (saves × lanes × n, as in <see cref="Solution{T}.States"/>) of the whole batch on every
    /// rank, from each rank's saves × count × n.
    /// </summary>
    public static T[] GatherStates<T>(ITrainingCommunicator communicator, ReadOnlySpan<T> local, int saves, int lanes, int n, int blockSize)
        where T : unmanaged
    {
        int[] counts = Counts(lanes, communicator.Size, blockSize, saves * n);
        var byRank = new T[(long)saves * lanes * n];
        communicator.GatherToAll(local, counts, byRank);
        if (communicator.Size == 1)
        {
            return byRank;
        }

        // Rank-major (each rank's saves × count × n) to save-major.
        var states = new T[byRank.Length];
        int offset = 0;
        for (int r = 0; r < communicator.Size; r++)
        {
            (int first, int count) = Range(lanes, r, communicator.Size, blockSize);
            for (int s = 0; s < saves; s++)
            {
                byRank.AsSpan(offset + (s * count * n), count * n).CopyTo(states.AsSpan(((s * lanes) + first) * n, count * n));
            }

            offset += saves * count * n;
        }

        return states;
    }

    /// <summary>This rank's slice of save-major data (saves × lanes × n) as saves × count × n.</summary>
    public static T[] Slice<T>(ReadOnlySpan<T> saveMajor, int saves, int lanes, int n, int first, int count)
    {
        var slice = new T[saves * count * n];
        for (int s = 0; s < saves; s++)
        {
            saveMajor.Slice(((s * lanes) + first) * n, count * n).CopyTo(slice.AsSpan(s * count * n, count * n));
        }

        return slice;
    }

    /// <summary>The whole batch's solution on every rank, from this rank's (null when it holds no lanes).</summary>
    public static Solution<T> GatherSolution<T>(ITrainingCommunicator communicator, Solution<T>? local, ReadOnlySpan<T> saveAt, int lanes, int n, int blockSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] states = GatherStates(communicator, local is null ? [] : local.States, saveAt.Length, lanes, n, blockSize);
        int count = local?.Lanes ?? 0;
        var mine = new long[3 * count];
        for (int lane = 0; lane < count; lane++)
        {
            SolverStats s = local!.LaneStats(lane);
            (mine[3 * lane], mine[(3 * lane) + 1], mine[(3 * lane) + 2]) = (s.Evaluations, s.AcceptedSteps, s.RejectedSteps);
        }

        var all = new long[3 * lanes];
        communicator.GatherToAll<long>(mine, Counts(lanes, communicator.Size, blockSize, 3), all);
        var stats = new SolverStats[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            stats[lane] = new SolverStats(all[3 * lane], all[(3 * lane) + 1], all[(3 * lane) + 2]);
        }

        return new Solution<T>(states, saveAt.ToArray(), lanes, n, stats);
    }

    /// <summary>The sum over ranks of a few counters (exact: integers).</summary>
    public static long[] Sum(ITrainingCommunicator communicator, ReadOnlySpan<long> mine)
    {
        var all = new long[mine.Length * communicator.Size];
        var counts = new int[communicator.Size];
        Array.Fill(counts, mine.Length);
        communicator.GatherToAll(mine, counts, all);
        var sum = new long[mine.Length];
        for (int i = 0; i < all.Length; i++)
        {
            sum[i % mine.Length] += all[i];
        }

        return sum;
    }
}
