using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// The discrete adjoint (<see cref="AdjointMethod.Direct"/> and <see cref="AdjointMethod.Checkpointed"/>) of one or
/// a few lanes of a hand-written system, on the single-lane path: each lane is solved forward by
/// <see cref="SingleLaneIntegrator"/> with its steps taped (Direct) or checkpointed, checkpoint segments are replayed
/// by the same integrator, and the steps are reversed by the tableau's generated reverse step as in
/// <see cref="DiscreteAdjoint"/>. The forward steps are the batched path's bit for bit, so the gradient is too.
/// </summary>
internal static class LaneDiscreteAdjoint
{
    public static Gradient<T> Run<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, ref Cotangents<T> cotangents, SolverOptions options, int limit)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = system.StateSize, lanes = y0.Length / n;
        ReadOnlySpan<T> times = schedule.Times;
        bool shared = schedule.IsShared;
        int length = SingleLaneIntegrator.BufferLength(n, TTableau.Info);
        T[]? rented = null;
        Span<T> buffer = (long)length * Unsafe.SizeOf<T>() <= FewLanes.StackBytes
            ? stackalloc T[length]
            : (rented = ArrayPool<T>.Shared.Rent(length));
        bool direct = limit == int.MaxValue;
        AdjointTapes<T> kept = AdjointTapes<T>.Rent(n, lanes);
        try
        {
            // Direct tapes every lane; Checkpointed checkpoints every lane and replays each segment into lane 0's tape.
            StepBuffer<T>[] stepBuffers = kept.Steps(direct ? lanes : 1);
            LaneCheckpoints<T>[]? checkpointStores = direct ? null : kept.Checkpoints(lanes, limit);
            var tapes = new LaneTape<T>[lanes];
            T[] states = schedule.AllocateStates(y0, n);
            var laneStats = new SolverStats[lanes];
            for (int lane = 0; lane < lanes; lane++)
            {
                tapes[lane] = direct ? new LaneTape<T>(stepBuffers[lane], null) : new LaneTape<T>(null, checkpointStores![lane]);
                laneStats[lane] = SingleLaneIntegrator.Solve<T, TTableau, TSystem, LaneTape<T>>(
                    ref system, y0.Slice(lane * n, n), times[..schedule.End(lane)], schedule.Start(lane), shared, options, buffer, states,
                    schedule.RowOffset(lane) * n, schedule.RowStride * n, lane, ref tapes[lane]);
            }

            var forward = new Solution<T>(states, schedule.Times, lanes, n, laneStats);
            ReadOnlySpan<T> dLdY = cotangents.Resolve(forward);
            var stepper = new ReverseStepper<T>(n, 1, TTableau.Info.Stages, TTableau.Info.ExtraStages);
            StepBuffer<T>? segment = direct ? null : stepBuffers[0];
            // Replays land on save times again; their states go to scratch, not into the forward solution.
            T[] scratch = direct ? [] : new T[times.Length * n];
            var parameters = new T[system.ParameterCount];
            var initial = new T[lanes * n];
            var bar = new T[n];
            long evaluations = 0, reversed = 0;
            for (int lane = 0; lane < lanes; lane++)
            {
                bar.AsSpan().Clear();
                if (direct)
                {
                    reversed += DiscreteAdjoint.ReverseSegment<TTableau, TSystem, T>(tapes[lane].Steps!, ref system, stepper, bar, parameters, dLdY, schedule, lane, n);
                }
                else
                {
                    LaneCheckpoints<T> checkpoints = tapes[lane].Checkpoints!;
                    var replay = new LaneTape<T>(segment, null);
                    int end = checkpoints.Count;
                    for (int cp = checkpoints.Stored - 1; cp >= 0; cp--)
                    {
                        int first = checkpoints.StepIndex(cp), steps = end - first;
                        segment!.Clear();
                        LaneCursor cursor = checkpoints.Restore(cp, buffer[..n], buffer.Slice(3 * n, n), steps);
                        var work = default(LaneWork);
                        SingleLaneIntegrator.Loop<T, TTableau, TSystem, LaneTape<T>>(ref system, buffer, n, ref cursor, ref work, times[..schedule.End(lane)], options, scratch, 0, n, lane, ref replay);
                        evaluations += (long)steps * stepper.Stages;
                        reversed += DiscreteAdjoint.ReverseSegment<TTableau, TSystem, T>(segment, ref system, stepper, bar, parameters, dLdY, schedule, lane, n);
                        end = first;
                    }
                }

                DiscreteAdjoint.Finish(bar, dLdY, initial, lane, n, schedule);
            }

            evaluations += reversed * stepper.EvaluationsPerStep;
            return new Gradient<T>(parameters, initial, forward, new SolverStats(evaluations, reversed, 0), cotangents.Loss);
        }
        finally
        {
            AdjointTapes<T>.Return(kept);
            if (rented is not null)
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>Tapes (Direct) or checkpoints (Checkpointed) every accepted step of one lane of the single-lane integrator.</summary>
internal readonly struct LaneTape<T> : ILaneRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public LaneTape(StepBuffer<T>? steps, LaneCheckpoints<T>? checkpoints)
    {
        Steps = steps;
        Checkpoints = checkpoints;
    }

    public StepBuffer<T>? Steps { get; }

    public LaneCheckpoints<T>? Checkpoints { get; }

    public void Stepped(ReadOnlySpan<T> y, ReadOnlySpan<T> stages, in LaneCursor cursor, double taken, int inside, bool lands, bool accepted)
    {
        if (accepted)
        {
            Steps?.Add(cursor.Time, taken, cursor.NextSave, inside, lands, y);
            Checkpoints?.Add(y, stages, cursor);
        }
    }
}
