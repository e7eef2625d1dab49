using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// The discrete adjoint for batched differentiable systems: lanes walk their own accepted steps backwards in
/// lockstep (round r takes every lane's r-th step from the end; lanes sorted by step count so the ones that are
/// done drop off the end of the batch), each round recomputing the stages with the generated forward step and
/// reversing them with the generated reverse step. Checkpointed replays, round by round, every lane's next segment
/// in one batched solve from its checkpoint.
/// </summary>
internal static class BatchedDiscreteAdjoint
{
    public static unsafe Gradient<T> Run<TTableau, T>(IBatchedDifferentiableSystem<T> system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, ref Cotangents<T> cotangents, SolverOptions options, int limit)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var adapter = new DifferentiableAdapter<T>(system);
        int n = system.StateSize, lanes = y0.Length / n, blockSize = LaneBlocks.Size(system);
        bool direct = limit == int.MaxValue;
        AdjointTapes<T> tapes = AdjointTapes<T>.Rent(n, lanes);
        try
        {
            // Direct tapes every step; Checkpointed keeps checkpoints and replays each segment into the same tapes.
            StepBuffer<T>[] steps = tapes.Steps(lanes);
            LaneCheckpoints<T>[]? checkpoints = direct ? null : tapes.Checkpoints(lanes, limit);
            var recorder = new TapeRecorder<T>(direct ? steps : null, checkpoints);
            Solution<T> forward = BatchIntegrator.SolveBlocks<T, TTableau, DifferentiableAdapter<T>, TapeRecorder<T>>(adapter, blockSize, y0, schedule, options, recorder);
            ReadOnlySpan<T> dLdY = cotangents.Resolve(forward);

            var bar = new T[lanes * n];
            var sums = new BlockSums<double>(LaneBlocks.Count(lanes, blockSize));
            fixed (T* g = dLdY)
            {
                var work = new Backward<TTableau, T>
                {
                    Adapter = adapter,
                    Steps = steps,
                    Checkpoints = checkpoints,
                    Bar = bar,
                    DLdY = new PinnedSpan<T>(g, dLdY.Length),
                    Schedule = schedule,
                    Options = options,
                    Sums = sums,
                };
                LaneBlocks.Run(lanes, blockSize, options, work);
            }

            var initial = new T[lanes * n];
            for (int lane = 0; lane < lanes; lane++)
            {
                DiscreteAdjoint.Finish(bar.AsSpan(lane * n, n), dLdY, initial, lane, n, schedule);
            }

            return new Gradient<T>(sums.Parameters<T>(system.ParameterCount), initial, forward, sums.Stats, cotangents.Loss);
        }
        finally
        {
            AdjointTapes<T>.Return(tapes);
        }
    }

    /// <summary>Reverses the lanes of one block in lockstep, with a reverser (and its sums) of its own.</summary>
    private readonly struct Backward<TTableau, T> : IBlockWork
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public DifferentiableAdapter<T> Adapter { get; init; }

        public StepBuffer<T>[] Steps { get; init; }

        public LaneCheckpoints<T>[]? Checkpoints { get; init; }

        public T[] Bar { get; init; }

        public PinnedSpan<T> DLdY { get; init; }

        public SaveSchedule<T> Schedule { get; init; }

        public SolverOptions Options { get; init; }

        public BlockSums<double> Sums { get; init; }

        public void Run(int block, int first, int count)
        {
            DifferentiableAdapter<T> adapter = Adapter;
            StepBuffer<T>[] steps = Steps;
            var reverser = new LockstepReverser<T>(adapter.ParameterCount, adapter.StateSize, count, TTableau.Info.Stages, TTableau.Info.ExtraStages);
            if (Checkpoints is null)
            {
                var all = new int[count];
                for (int i = 0; i < count; i++)
                {
                    all[i] = first + i;
                }

                reverser.Reverse<TTableau, DifferentiableAdapter<T>>(ref adapter, all, count, steps, Bar, DLdY.Span, Schedule);
            }
            else
            {
                ReverseCheckpointed<TTableau, T>(ref adapter, Checkpoints, steps, reverser, Bar, Schedule, DLdY.Span, Options, first, count);
            }

            Sums.Set(block, reverser.Parameters, new SolverStats(reverser.Evaluations, reverser.Steps, 0));
        }
    }

    /// <summary>Replays and reverses lanes [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>), checkpoint segment by segment.</summary>
    private static void ReverseCheckpointed<TTableau, T>(
        ref DifferentiableAdapter<T> adapter, LaneCheckpoints<T>[] checkpoints, StepBuffer<T>[] segments, LockstepReverser<T> reverser,
        T[] bar, SaveSchedule<T> schedule, ReadOnlySpan<T> dLdY, SolverOptions options, int first, int count)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Everything a round needs is made once per block: a round allocates nothing, so the call's memory does not
        // grow with its number of checkpoints (√N).
        var starts = new SegmentStarts<T>(checkpoints, count);
        starts.Start(first, count);
        int rounds = starts.Rounds;
        int[] round = starts.Members;
        var recorder = new TapeRecorder<T>(segments, null, round);
        for (int r = 0; r < rounds; r++)
        {
            int m = starts.Begin(r);
            for (int i = 0; i < m; i++)
            {
                segments[round[i]].Clear();
            }

            // Replay each lane's segment from its checkpoint in one batched solve; slot i records into lane round[i].
            BatchIntegrator.Replay<T, TTableau, DifferentiableAdapter<T>, TapeRecorder<T>>(ref adapter, m, starts.Restore, schedule, options, ref recorder);
            starts.End();
            reverser.Reverse<TTableau, DifferentiableAdapter<T>>(ref adapter, round, m, segments, bar, dLdY, schedule);
        }
    }
}
