using System;

namespace OdeKernels.Cuda;

/// <summary>
/// Where the Checkpointed kernel keeps checkpoints, sized before launch from each lane's accepted steps N in the
/// forward solve that <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/>
/// runs anyway: the kernel's own forward pass takes the same steps, so the buffers are exact and need no growing or
/// thinning on the device. A lane checkpoints every K-th accepted step and replays at most K steps at a time:
/// K = ⌈√N⌉ by default (about √N checkpoints and √N step starts, the least memory for the two together), or
/// K = ⌈N / checkpoints⌉ so that at most <c>checkpoints</c> are kept.
/// </summary>
/// <param name="Intervals">K for each lane.</param>
/// <param name="Capacity">Checkpoint slots per lane: the most any lane stores, ⌈N / K⌉.</param>
/// <param name="SegmentCapacity">Step-start slots per lane: the longest replay, the largest K.</param>
internal sealed record CudaCheckpointPlan(int[] Intervals, int Capacity, int SegmentCapacity)
{
    /// <summary>Plans for lanes that accepted <paramref name="acceptedSteps"/> steps; <paramref name="checkpoints"/> 0 means automatic.</summary>
    public static CudaCheckpointPlan For(ReadOnlySpan<long> acceptedSteps, int checkpoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpoints);
        var intervals = new int[acceptedSteps.Length];
        long capacity = 1, segment = 1;
        for (int lane = 0; lane < intervals.Length; lane++)
        {
            long n = Math.Max(1, acceptedSteps[lane]);
            long interval = checkpoints > 0 ? (n + checkpoints - 1) / checkpoints : (long)Math.Ceiling(Math.Sqrt(n));
            interval = Math.Max(1, interval);
            intervals[lane] = checked((int)interval);
            capacity = Math.Max(capacity, (n + interval - 1) / interval);
            segment = Math.Max(segment, interval);
        }

        return new CudaCheckpointPlan(intervals, checked((int)capacity), checked((int)segment));
    }
}
