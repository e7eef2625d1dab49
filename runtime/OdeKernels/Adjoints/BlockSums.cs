using System;
using System.Collections.Generic;
using System.Numerics;

namespace OdeKernels.Adjoints;

/// <summary>
/// What the blocks of a gradient sum: each block's parameter cotangent and backward work, kept apart and added in
/// block order (block 0, 1, 2, …) after all have finished, so the result is the same bits whichever thread ran which
/// block and in whatever order they finished. A single block's sum passes through unchanged (0 + x = x).
/// </summary>
/// <typeparam name="TSum">The type the adjoint sums parameters in (double for the batched adjoints, T otherwise).</typeparam>
internal sealed class BlockSums<TSum>
    where TSum : unmanaged, INumberBase<TSum>
{
    private readonly TSum[]?[] _parameters;
    private readonly SolverStats[] _stats;

    public BlockSums(int blocks)
    {
        _parameters = new TSum[blocks][];
        _stats = new SolverStats[blocks];
    }

    /// <summary>Records block <paramref name="block"/>'s sums (called once per block, from the thread that ran it).</summary>
    public void Set(int block, ReadOnlySpan<TSum> parameters, SolverStats stats)
    {
        _parameters[block] = parameters.ToArray();
        _stats[block] = stats;
    }

    /// <summary>The parameter cotangent: zero plus every block's, in block order, then rounded to <typeparamref name="T"/>.</summary>
    public T[] Parameters<T>(int count)
        where T : INumberBase<T>
    {
        BlockSumCapture.Record(_parameters);
        return Total<T>(_parameters, count);
    }

    /// <summary>
    /// Zero plus every block's sums, in block order, in <typeparamref name="TSum"/>, then rounded to
    /// <typeparamref name="T"/>: the one place the order is written, shared by a single call and by the MPI package,
    /// which adds the blocks of every rank the same way (so a sharded gradient is the single-process bits).
    /// </summary>
    public static T[] Total<T>(IReadOnlyList<TSum[]?> blocks, int count)
        where T : INumberBase<T>
    {
        var total = new TSum[count];
        foreach (TSum[]? block in blocks)
        {
            for (int k = 0; k < count; k++)
            {
                total[k] += block![k];
            }
        }

        return Array.ConvertAll(total, T.CreateTruncating);
    }

    /// <summary>The backward work, summed over blocks.</summary>
    public SolverStats Stats
    {
        get
        {
            long evaluations = 0, accepted = 0, rejected = 0;
            foreach (SolverStats s in _stats)
            {
                evaluations += s.Evaluations;
                accepted += s.AcceptedSteps;
                rejected += s.RejectedSteps;
            }

            return new SolverStats(evaluations, accepted, rejected);
        }
    }
}
