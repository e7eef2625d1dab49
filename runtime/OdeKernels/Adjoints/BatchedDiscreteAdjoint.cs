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
    public static Gradient<T> Run<TTableau, T>(IBatchedDifferentiableSystem<T> system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ref Cotangents<T> cotangents, SolverOptions options, int limit)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var adapter = new DifferentiableAdapter<T>(system);
        int n = system.StateSize, lanes = y0.Length / n, saves = saveAt.Length;
        bool direct = limit == int.MaxValue;
        var steps = new StepBuffer<T>[lanes];
        LaneCheckpoints<T>[]? checkpoints = direct ? null : new LaneCheckpoints<T>[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            steps[lane] = new StepBuffer<T>(n);
            if (!direct)
            {
                checkpoints![lane] = new LaneCheckpoints<T>(n, limit);
            }
        }

        var recorder = new TapeRecorder<T>(direct ? steps : null, checkpoints);
        Solution<T> forward = BatchIntegrator.Solve<T, TTableau, DifferentiableAdapter<T>, TapeRecorder<T>>(ref adapter, y0, saveAt, options, ref recorder);
        ReadOnlySpan<T> dLdY = cotangents.Resolve(forward);

        var reverser = new LockstepReverser<T>(system.ParameterCount, n, lanes, TTableau.Info.Stages);
        var bar = new T[lanes * n];
        if (direct)
        {
            var all = new int[lanes];
            for (int lane = 0; lane < lanes; lane++)
            {
                all[lane] = lane;
            }

            reverser.Reverse<TTableau, DifferentiableAdapter<T>>(ref adapter, all, lanes, lane => steps[lane], bar, dLdY, SaveTimes.InDouble(saveAt));
        }
        else
        {
            ReverseCheckpointed<TTableau, T>(ref adapter, checkpoints!, steps, reverser, bar, saveAt, dLdY, options);
        }

        var initial = new T[lanes * n];
        for (int lane = 0; lane < lanes; lane++)
        {
            for (int c = 0; c < n; c++)
            {
                T value = bar[(lane * n) + c] + dLdY[(lane * n) + c];
                if (!T.IsFinite(value))
                {
                    throw new OdeSolveException(lane, double.CreateTruncating(saveAt[0]), $"Lane {lane} failed in the backward pass: the adjoint state became non-finite (NaN or infinity).");
                }

                initial[(lane * n) + c] = value;
            }
        }

        var parameters = new T[system.ParameterCount];
        for (int k = 0; k < parameters.Length; k++)
        {
            parameters[k] = T.CreateTruncating(reverser.Parameters[k]);
        }

        return new Gradient<T>(parameters, initial, forward, new SolverStats(reverser.Evaluations, reverser.Steps, 0), cotangents.Loss);
    }

    private static void ReverseCheckpointed<TTableau, T>(
        ref DifferentiableAdapter<T> adapter, LaneCheckpoints<T>[] checkpoints, StepBuffer<T>[] segments, LockstepReverser<T> reverser,
        T[] bar, ReadOnlySpan<T> saveAt, ReadOnlySpan<T> dLdY, SolverOptions options)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = checkpoints.Length, n = adapter.StateSize, saves = saveAt.Length;
        double[] save = SaveTimes.InDouble(saveAt);

        var end = new int[lanes];
        int rounds = 0;
        for (int lane = 0; lane < lanes; lane++)
        {
            end[lane] = checkpoints[lane].Count;
            rounds = Math.Max(rounds, checkpoints[lane].Stored);
        }

        var round = new int[lanes];
        var scratchStates = new T[saves * lanes * n];
        for (int r = 0; r < rounds; r++)
        {
            int m = 0;
            for (int lane = 0; lane < lanes; lane++)
            {
                if (checkpoints[lane].Stored > r)
                {
                    round[m++] = lane;
                    segments[lane].Clear();
                }
            }

            // Replay each lane's segment from its checkpoint in one batched solve; slot i records into lane round[i].
            var slotSegments = new StepBuffer<T>[m];
            for (int i = 0; i < m; i++)
            {
                slotSegments[i] = segments[round[i]];
            }

            var recorder = new TapeRecorder<T>(slotSegments, null);
            int[] members = round;
            BatchIntegrator.Replay<T, TTableau, DifferentiableAdapter<T>, TapeRecorder<T>>(
                ref adapter,
                m,
                ws =>
                {
                    for (int i = 0; i < m; i++)
                    {
                        LaneCheckpoints<T> lane = checkpoints[members[i]];
                        int index = lane.Stored - 1 - r;
                        lane.Restore(index, ws, i, end[members[i]] - lane.StepIndex(index));
                    }
                },
                save,
                scratchStates,
                options,
                ref recorder);
            for (int i = 0; i < m; i++)
            {
                LaneCheckpoints<T> lane = checkpoints[round[i]];
                end[round[i]] = lane.StepIndex(lane.Stored - 1 - r);
            }

            reverser.Reverse<TTableau, DifferentiableAdapter<T>>(ref adapter, round, m, lane => segments[lane], bar, dLdY, save);
        }
    }
}
