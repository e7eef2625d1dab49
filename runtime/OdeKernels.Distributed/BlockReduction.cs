using System;
using System.Numerics;
using OdeKernels.Adjoints;
using OdeKernels.Solving;
using OdeKernels.Training;

namespace OdeKernels.Distributed;

/// <summary>
/// Sums a sharded parameter gradient across ranks. Every rank sends the sums of its 256-lane blocks (kept by
/// <see cref="BlockSumCapture"/> while its gradient ran), every rank receives all of them, and each adds them in block
/// order with <see cref="BlockSums{TSum}.Total"/>, the code and the order a single process uses: the result is the
/// single-process gradient bit for bit, on every rank and for any rank count. Where a rank could not keep its block
/// sums (the CUDA backend sums per lane on the device), the ranks agree to fall back to adding each rank's total in
/// rank order (<see cref="ITrainingCommunicator.SumInRankOrder{T}"/>), to the rounding docs/distributed.md states.
/// </summary>
internal static class BlockReduction
{
    private const long NoLanes = 0, Missing = 1, InType = 2, InDouble = 3;

    /// <summary>The summed gradient on every rank, from this rank's total and its captured block sums.</summary>
    /// <param name="communicator">The ranks.</param>
    /// <param name="lanes">The lanes of the whole batch.</param>
    /// <param name="blockSize">The system's lanes per block (<see cref="LaneBlocks.Size"/>).</param>
    /// <param name="mine">This rank's gradient total (null when it holds no lanes).</param>
    /// <param name="capture">The capture open while this rank's gradient ran.</param>
    /// <param name="parameters">The parameter count.</param>
    public static T[] Sum<T>(ITrainingCommunicator communicator, int lanes, int blockSize, T[]? mine, BlockSumCapture capture, int parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = communicator.Size;
        int myBlocks = LaneBlocks.Count(LaneShards.Range(lanes, communicator.Rank, size, blockSize).Count, blockSize);
        long state = myBlocks == 0 ? NoLanes
            : capture.Blocks?.Length != myBlocks ? Missing
            : capture.SummedInDouble ? InDouble : InType;
        var states = new long[size];
        communicator.GatherToAll<long>([state], Ones(size), states);
        if (Array.IndexOf(states, Missing) >= 0 || (Array.IndexOf(states, InType) >= 0 && Array.IndexOf(states, InDouble) >= 0))
        {
            T[] total = mine ?? new T[parameters];
            communicator.SumInRankOrder<T>(total);
            return total;
        }

        var local = new double[myBlocks * parameters];
        for (int b = 0; b < myBlocks; b++)
        {
            capture.Blocks![b].CopyTo(local, b * parameters);
        }

        int blocks = LaneBlocks.Count(lanes, blockSize);
        var all = new double[blocks * parameters];
        int[] counts = LaneShards.Counts(lanes, size, blockSize, 1);
        for (int r = 0; r < size; r++)
        {
            counts[r] = LaneBlocks.Count(counts[r], blockSize) * parameters;
        }

        communicator.GatherToAll<double>(local, counts, all);
        bool inDouble = Array.IndexOf(states, InDouble) >= 0;
        return inDouble ? BlockSums<double>.Total<T>(Split(all, blocks, parameters, x => x), parameters)
            : BlockSums<T>.Total<T>(Split(all, blocks, parameters, T.CreateTruncating), parameters);
    }

    private static TSum[][] Split<TSum>(double[] all, int blocks, int parameters, Func<double, TSum> narrow)
    {
        var split = new TSum[blocks][];
        for (int b = 0; b < blocks; b++)
        {
            split[b] = Array.ConvertAll(all[(b * parameters)..((b + 1) * parameters)], x => narrow(x));
        }

        return split;
    }

    private static int[] Ones(int size)
    {
        var ones = new int[size];
        Array.Fill(ones, 1);
        return ones;
    }
}
