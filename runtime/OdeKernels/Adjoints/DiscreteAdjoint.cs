using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// The discrete adjoint: reverse mode through the accepted steps of the forward solve (step sizes held fixed: the
/// controller's choices are not differentiated), lane by lane. <see cref="AdjointMethod.Direct"/> keeps every step's
/// start state; <see cref="AdjointMethod.Checkpointed"/> keeps the full solver state at O(√N) checkpoints per lane
/// and replays the adaptive solve between them, so memory grows as √N and the replayed steps equal the forward ones
/// bit for bit. Either way the result is the exact gradient of the numerical solution.
/// </summary>
internal static class DiscreteAdjoint
{
    public static Gradient<T> Run<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, ref Cotangents<T> cotangents, SolverOptions options, int limit)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (system is not IBatchedOdeSystem<T> && FewLanes.Applies<TTableau, T>(y0.Length / system.StateSize))
        {
            return LaneDiscreteAdjoint.Run<TSystem, TTableau, T>(system, y0, schedule, ref cotangents, options, limit);
        }

        return Batched<TSystem, TTableau, T>(system, y0, schedule, ref cotangents, options, limit);
    }

    /// <summary>The batched integrator's discrete adjoint, whatever the number of lanes (the benchmark report times it for one lane).</summary>
    internal static Gradient<T> Batched<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ref Cotangents<T> cotangents, SolverOptions options, int limit)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Batched<TSystem, TTableau, T>(system, y0, SaveSchedule<T>.Shared(saveAt, y0.Length / system.StateSize), ref cotangents, options, limit);

    /// <summary>As above, every lane on its save times in <paramref name="schedule"/>.</summary>
    internal static Gradient<T> Batched<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, ref Cotangents<T> cotangents, SolverOptions options, int limit)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (system is IBatchedOdeSystem<T> batched)
        {
            var adapter = new BatchedSystemAdapter<T>(batched);
            return Run<TSystem, TTableau, T, BatchedSystemAdapter<T>>(system, ref adapter, y0, schedule, ref cotangents, options, limit);
        }

        var scalar = new ScalarSystemAdapter<TSystem, T>(system, system.StateSize);
        return Run<TSystem, TTableau, T, ScalarSystemAdapter<TSystem, T>>(system, ref scalar, y0, schedule, ref cotangents, options, limit);
    }

    private static unsafe Gradient<T> Run<TSystem, TTableau, T, TAdapter>(TSystem system, ref TAdapter adapter, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, ref Cotangents<T> cotangents, SolverOptions options, int limit)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
        where TAdapter : struct, IBatchedOdeSystem<T>, IBlockSystem<TAdapter>
    {
        int n = system.StateSize, lanes = y0.Length / n, blockSize = LaneBlocks.Size(system);
        bool direct = limit == int.MaxValue;
        AdjointTapes<T> tapes = AdjointTapes<T>.Rent(n, lanes);
        try
        {
            StepBuffer<T>[]? steps = direct ? tapes.Steps(lanes) : null;
            LaneCheckpoints<T>[]? checkpoints = direct ? null : tapes.Checkpoints(lanes, limit);
            Solution<T> forward = BatchIntegrator.SolveBlocks<T, TTableau, TAdapter, TapeRecorder<T>>(adapter, blockSize, y0, schedule, options, new TapeRecorder<T>(steps, checkpoints));
            ReadOnlySpan<T> dLdY = cotangents.Resolve(forward);

            var initial = new T[lanes * n];
            var sums = new BlockSums<T>(LaneBlocks.Count(lanes, blockSize));
            fixed (T* g = dLdY)
            {
                var work = new Backward<TSystem, TTableau, T, TAdapter>
                {
                    System = system,
                    Adapter = adapter,
                    Steps = steps,
                    Checkpoints = checkpoints,
                    DLdY = new PinnedSpan<T>(g, dLdY.Length),
                    Schedule = schedule,
                    Options = options,
                    Initial = initial,
                    Sums = sums,
                };
                LaneBlocks.Run(lanes, blockSize, options, work);
            }

            return new Gradient<T>(sums.Parameters<T>(system.ParameterCount), initial, forward, sums.Stats, cotangents.Loss);
        }
        finally
        {
            AdjointTapes<T>.Return(tapes);
        }
    }

    /// <summary>Reverses the lanes of one block, one after another, with buffers of its own.</summary>
    private readonly struct Backward<TSystem, TTableau, T, TAdapter> : IBlockWork
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
        where TAdapter : struct, IBatchedOdeSystem<T>, IBlockSystem<TAdapter>
    {
        public TSystem System { get; init; }

        public TAdapter Adapter { get; init; }

        public StepBuffer<T>[]? Steps { get; init; }

        public LaneCheckpoints<T>[]? Checkpoints { get; init; }

        public PinnedSpan<T> DLdY { get; init; }

        public SaveSchedule<T> Schedule { get; init; }

        public SolverOptions Options { get; init; }

        public T[] Initial { get; init; }

        public BlockSums<T> Sums { get; init; }

        public void Run(int block, int first, int count)
        {
            TSystem system = System;
            TAdapter adapter = Adapter.ForBlock();
            ReadOnlySpan<T> dLdY = DLdY.Span;
            SaveSchedule<T> schedule = Schedule;
            int n = system.StateSize;
            var stepper = new ReverseStepper<T>(n, 1, TTableau.Info.Stages, TTableau.Info.ExtraStages);
            var parameters = new T[system.ParameterCount];
            var bar = new T[n];
            long evaluations = 0, reversed = 0;
            // Checkpointed: this block's replay segment, kept with the thread like the call's tapes.
            AdjointTapes<T>? replay = Steps is null ? AdjointTapes<T>.Rent(n, 1) : null;
            try
            {
                StepBuffer<T>[]? segment = replay?.Steps(1);
                var segmentRecorder = new TapeRecorder<T>(segment, null);
                SegmentStarts<T>? starts = Checkpoints is { } all ? new SegmentStarts<T>(all, 1) : null;
                for (int lane = first; lane < first + count; lane++)
                {
                    bar.AsSpan().Clear();
                    if (Steps is { } steps)
                    {
                        reversed += ReverseSegment<TTableau, TSystem, T>(steps[lane], ref system, stepper, bar, parameters, dLdY, schedule, lane, n);
                    }
                    else
                    {
                        starts!.Start(lane, 1);
                        for (int r = 0; r < starts.Rounds; r++)
                        {
                            starts.Begin(r);
                            int length = starts.Steps(0);
                            segment![0].Clear();
                            BatchIntegrator.Replay<T, TTableau, TAdapter, TapeRecorder<T>>(ref adapter, 1, starts.Restore, schedule, Options, ref segmentRecorder);
                            starts.End();
                            evaluations += (long)length * stepper.Stages;
                            reversed += ReverseSegment<TTableau, TSystem, T>(segment[0], ref system, stepper, bar, parameters, dLdY, schedule, lane, n);
                        }
                    }

                    Finish(bar, dLdY, Initial, lane, n, schedule);
                }
            }
            finally
            {
                if (replay is not null)
                {
                    AdjointTapes<T>.Return(replay);
                }
            }

            evaluations += reversed * stepper.EvaluationsPerStep;
            Sums.Set(block, parameters, new SolverStats(evaluations, reversed, 0));
        }
    }

    /// <summary>
    /// Adds dL/dy at the lane's start when a row holds it (<see cref="SaveSchedule{T}.InitialRow"/>), stores the lane's
    /// dL/dy₀ and checks it is finite.
    /// </summary>
    internal static void Finish<T>(Span<T> bar, ReadOnlySpan<T> dLdY, T[] initial, int lane, int n, SaveSchedule<T> schedule)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (schedule.InitialRow(lane) is int row and >= 0)
        {
            AddCotangent(bar, dLdY.Slice(row * n, n));
        }

        bar.CopyTo(initial.AsSpan(lane * n, n));
        for (int c = 0; c < n; c++)
        {
            if (!T.IsFinite(bar[c]))
            {
                throw new OdeSolveException(lane, schedule.Save[schedule.Start(lane)], $"Lane {lane} failed in the backward pass: the adjoint state became non-finite (NaN or infinity).");
            }
        }
    }

    /// <summary>
    /// Reverses one lane's buffered steps, last first, with the tableau's generated reverse step, adding dL/dy at the
    /// save times they land on and, through the step's interpolant, at the save times inside them (dense output;
    /// laid out as <paramref name="schedule"/> says). The parameter cotangent is added straight into
    /// <paramref name="parameters"/>.
    /// </summary>
    internal static int ReverseSegment<TTableau, TSystem, T>(StepBuffer<T> steps, ref TSystem system, ReverseStepper<T> stepper, T[] bar, T[] parameters, ReadOnlySpan<T> dLdY, SaveSchedule<T> schedule, int lane, int n)
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : IDifferentiableSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = steps.Count - 1; k >= 0; k--)
        {
            if (steps.Save(k) is int landing and >= 0)
            {
                AddCotangent(bar, dLdY.Slice(schedule.Row(landing, lane) * n, n));
            }

            for (int j = steps.FirstInside(k), last = j + steps.Inside(k); j < last; j++)
            {
                double theta = DenseOutput.Theta(schedule.Save[j], steps.Time(k), steps.Step(k));
                stepper.AddInterpolated(TTableau.Info, 0, theta, dLdY.Slice(schedule.Row(j, lane) * n, n));
            }

            stepper.ReverseLane<TTableau, TSystem>(ref system, steps.Time(k), steps.Step(k), steps.State(k), bar, parameters);
        }

        return steps.Count;
    }

    private static void AddCotangent<T>(Span<T> bar, ReadOnlySpan<T> g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < g.Length; c++)
        {
            bar[c] += g[c];
        }
    }
}
