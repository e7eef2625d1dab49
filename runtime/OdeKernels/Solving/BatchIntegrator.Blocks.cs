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
    /// Solves the batch as <see cref="Solve{T, TTableau, TSystem, TRecorder}"/> does, block by block of
    /// <see cref="LaneBlocks.Lanes"/> lanes on up to <see cref="SolverOptions.MaxDegreeOfParallelism"/> threads, each
    /// block into its rows of one solution. A lane's steps do not depend on the lanes beside it, so the solution is
    /// the same bits as one batch's. <paramref name="recorder"/> is copied to every block: it must route by lane
    /// (as <c>TapeRecorder</c> does), never sum.
    /// </summary>
    public static unsafe Solution<T> SolveBlocks<T, TTableau, TSystem, TRecorder>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options, TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>, IBlockSystem<TSystem>
        where TRecorder : struct, IStepRecorder<T>
    {
        int n = system.StateSize, lanes = y0.Length / n;
        T[] states = AllocateStates(y0, saveAt, n);
        var laneStats = new SolverStats[lanes];
        if (saveAt.Length > 1 && lanes > 0)
        {
            fixed (T* start = y0, times = saveAt)
            {
                var work = new SolveBlock<T, TTableau, TSystem, TRecorder>
                {
                    System = system,
                    Recorder = recorder,
                    Y0 = new PinnedSpan<T>(start, y0.Length),
                    SaveAt = new PinnedSpan<T>(times, saveAt.Length),
                    Save = SaveTimes.InDouble(saveAt),
                    Options = options,
                    States = states,
                    LaneStats = laneStats,
                };
                LaneBlocks.Run(lanes, options, work);
            }
        }

        return new Solution<T>(states, saveAt.ToArray(), lanes, n, laneStats);
    }

    /// <summary>
    /// Solves lanes [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of the batch
    /// <paramref name="y0"/> into its rows of <paramref name="states"/> and <paramref name="laneStats"/> (the whole
    /// batch's, whose first save is already written); slots carry the batch's lane numbers, so failures and recorders
    /// name the lane as the whole batch does.
    /// </summary>
    private static void SolveLanes<T, TTableau, TSystem, TRecorder>(ref TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, double[] save, SolverOptions options, T[] states, SolverStats[] laneStats, int first, int count, ref TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>
        where TRecorder : struct, IStepRecorder<T>
    {
        TableauInfo tableau = TTableau.Info;
        int n = system.StateSize;
        int lanes = y0.Length / n;
        int saves = saveAt.Length;
        SolveWorkspace<T> ws = SolveWorkspace<T>.Rent(count, n, tableau.Stages);
        try
        {
            int stride = ws.Capacity;
            for (int i = 0; i < count; i++)
            {
                for (int c = 0; c < n; c++)
                {
                    ws.Y[(c * stride) + i] = y0[((first + i) * n) + c];
                }

                ws.Time[i] = save[0];
                ws.TimeT[i] = saveAt[0];
                ws.SegmentStart[i] = save[0];
                ws.SegmentSteps[i] = 0;
                ws.StepsLeft[i] = int.MaxValue;
                ws.Lane[i] = first + i;
                ws.NextSave[i] = 1;
                ws.PreviousError[i] = 1.0;
            }

            var counters = new LaneCounters(first, count);
            system.EvaluateBatch(ws.TimeT, ws.Y, ws.Stages.AsSpan(0, n * stride), count, stride);
            counters.AddEvaluations(ws, count);
            CheckFirstStage(ws, count, "the initial state");

            bool adaptive = options.FixedStep is null;
            double span = save[saves - 1] - save[0];
            if (!adaptive)
            {
                ws.Step.AsSpan(0, count).Fill(options.FixedStep!.Value);
            }
            else if (options.InitialStep is { } h0)
            {
                ws.Step.AsSpan(0, count).Fill(Math.Min(h0, span));
            }
            else
            {
                InitialStep.Choose(ref system, ws, count, tableau.Order, options, span);
                counters.AddEvaluations(ws, count);
            }

            Loop<T, TTableau, TSystem, TRecorder>(ref system, ws, count, lanes, save, states, options, counters, ref recorder);
            counters.Fill(laneStats);
        }
        finally
        {
            SolveWorkspace<T>.Return(ws);
        }
    }

    private readonly struct SolveBlock<T, TTableau, TSystem, TRecorder> : IBlockWork
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>, IBlockSystem<TSystem>
        where TRecorder : struct, IStepRecorder<T>
    {
        public TSystem System { get; init; }

        public TRecorder Recorder { get; init; }

        public PinnedSpan<T> Y0 { get; init; }

        public PinnedSpan<T> SaveAt { get; init; }

        public double[] Save { get; init; }

        public SolverOptions Options { get; init; }

        public T[] States { get; init; }

        public SolverStats[] LaneStats { get; init; }

        public void Run(int block, int first, int count)
        {
            TSystem system = System.ForBlock();
            TRecorder recorder = Recorder;
            SolveLanes<T, TTableau, TSystem, TRecorder>(ref system, Y0.Span, SaveAt.Span, Save, Options, States, LaneStats, first, count, ref recorder);
        }
    }
}
