using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>
/// A system the integrator can hand to several threads: each block of lanes gets <see cref="ForBlock"/>, which shares
/// what may be shared (the user's system) and owns what may not (gathering buffers).
/// </summary>
internal interface IBlockSystem<TSelf>
    where TSelf : struct
{
    TSelf ForBlock();
}

internal static partial class BatchIntegrator
{
    /// <summary>
    /// Solves the batch as <see cref="Solve{T, TTableau, TSystem, TRecorder}(ref TSystem, ReadOnlySpan{T}, SaveSchedule{T}, SolverOptions, ref TRecorder)"/> does, block by block of
    /// <paramref name="blockSize"/> lanes (<see cref="LaneBlocks.Size"/> of the user's system) on up to <see cref="SolverOptions.MaxDegreeOfParallelism"/> threads, each
    /// block into its rows of one solution. A lane's steps do not depend on the lanes beside it, so the solution is
    /// the same bits as one batch's. <paramref name="recorder"/> is copied to every block: it must route by lane
    /// (as <c>TapeRecorder</c> does), never sum.
    /// </summary>
    public static Solution<T> SolveBlocks<T, TTableau, TSystem, TRecorder>(TSystem system, int blockSize, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options, TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>, IBlockSystem<TSystem>
        where TRecorder : struct, IStepRecorder<T> =>
        SolveBlocks<T, TTableau, TSystem, TRecorder>(system, blockSize, y0, SaveSchedule<T>.Shared(saveAt, y0.Length / system.StateSize), options, recorder);

    /// <summary>Solves block by block as above, every lane on its own save times (<see cref="SaveSchedule{T}"/>).</summary>
    public static unsafe Solution<T> SolveBlocks<T, TTableau, TSystem, TRecorder>(TSystem system, int blockSize, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, SolverOptions options, TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>, IBlockSystem<TSystem>
        where TRecorder : struct, IStepRecorder<T>
    {
        int n = system.StateSize, lanes = y0.Length / n;
        T[] states = schedule.AllocateStates(y0, n);
        var laneStats = new SolverStats[lanes];
        if (lanes > 0)
        {
            fixed (T* start = y0)
            {
                var work = new SolveBlock<T, TTableau, TSystem, TRecorder>
                {
                    System = system,
                    Recorder = recorder,
                    Y0 = new PinnedSpan<T>(start, y0.Length),
                    Schedule = schedule,
                    Options = options,
                    States = states,
                    LaneStats = laneStats,
                };
                LaneBlocks.Run(lanes, blockSize, options, work);
            }
        }

        return new Solution<T>(states, schedule.Times, lanes, n, laneStats);
    }

    /// <summary>
    /// Solves lanes [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of the batch
    /// <paramref name="y0"/> into its rows of <paramref name="states"/> and <paramref name="laneStats"/> (the whole
    /// batch's, whose initial rows are already written); slots carry the batch's lane numbers, so failures and recorders
    /// name the lane as the whole batch does. Lanes without a save time after their start take no slot.
    /// </summary>
    private static void SolveLanes<T, TTableau, TSystem, TRecorder>(ref TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, SolverOptions options, T[] states, SolverStats[] laneStats, int first, int count, ref TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>
        where TRecorder : struct, IStepRecorder<T>
    {
        TableauInfo tableau = TTableau.Info;
        int n = system.StateSize;
        double[] save = schedule.Save;
        SolveWorkspace<T> ws = SolveWorkspace<T>.Rent(count, n, WorkspaceStages(tableau, options));
        try
        {
            int stride = ws.Capacity, active = 0;
            for (int lane = first; lane < first + count; lane++)
            {
                if (!schedule.HasSteps(lane))
                {
                    continue;
                }

                int i = active++, start = schedule.Start(lane);
                for (int c = 0; c < n; c++)
                {
                    ws.Y[(c * stride) + i] = y0[(lane * n) + c];
                }

                ws.Time[i] = save[start];
                ws.TimeT[i] = schedule.Times[start];
                ws.SegmentStart[i] = save[start];
                ws.SegmentSteps[i] = 0;
                ws.StepsLeft[i] = int.MaxValue;
                ws.Lane[i] = lane;
                ws.NextSave[i] = start + 1;
                ws.SaveEnd[i] = schedule.End(lane);
                ws.ErrorMemory[i] = 1.0;
            }

            var counters = new LaneCounters(first, count);
            if (active > 0)
            {
                system.EvaluateBatch(ws.TimeT, ws.Y, ws.Stages.AsSpan(0, n * stride), active, stride);
                counters.AddEvaluations(ws, active);
                CheckFirstStage(ws, active, "the initial state");

                if (options.FixedStep is { } fixedStep)
                {
                    ws.Step.AsSpan(0, active).Fill(fixedStep);
                }
                else if (options.InitialStep is { } h0)
                {
                    for (int i = 0; i < active; i++)
                    {
                        ws.Step[i] = Math.Min(h0, Span(ws, save, i));
                    }
                }
                else
                {
                    InitialStep.Choose(ref system, ws, active, tableau.Order, options, save);
                    counters.AddEvaluations(ws, active);
                }

                Loop<T, TTableau, TSystem, TRecorder>(ref system, ws, active, schedule, states, options, counters, ref recorder);
            }

            counters.Fill(laneStats);
        }
        finally
        {
            SolveWorkspace<T>.Return(ws);
        }
    }

    /// <summary>Slot <paramref name="i"/>'s time to go at the start: from its start to its last save time.</summary>
    internal static double Span<T>(SolveWorkspace<T> ws, double[] save, int i)
        where T : unmanaged, IFloatingPointIeee754<T> => save[ws.SaveEnd[i] - 1] - ws.Time[i];

    private readonly struct SolveBlock<T, TTableau, TSystem, TRecorder> : IBlockWork
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>, IBlockSystem<TSystem>
        where TRecorder : struct, IStepRecorder<T>
    {
        public TSystem System { get; init; }

        public TRecorder Recorder { get; init; }

        public PinnedSpan<T> Y0 { get; init; }

        public SaveSchedule<T> Schedule { get; init; }

        public SolverOptions Options { get; init; }

        public T[] States { get; init; }

        public SolverStats[] LaneStats { get; init; }

        public void Run(int block, int first, int count)
        {
            TSystem system = System.ForBlock();
            TRecorder recorder = Recorder;
            SolveLanes<T, TTableau, TSystem, TRecorder>(ref system, Y0.Span, Schedule, Options, States, LaneStats, first, count, ref recorder);
        }
    }
}
