using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels.Solving;

/// <summary>
/// Drives a generated Runge-Kutta step over a batch of lanes, each with its own time, step size and PI controller.
/// Every iteration attempts one step for every unfinished lane at once (so the step's stage arithmetic and the
/// right-hand side vectorise across lanes); lanes that reach the last save time leave the working set, which is
/// compacted so finished lanes cost nothing. With <see cref="SaveMode.Step"/> lanes step exactly onto every save time,
/// so saved states carry the solver's own local accuracy; with <see cref="SaveMode.Interpolate"/> they step freely
/// (clipped only to the last save time) and fill the save times inside each accepted step by
/// <see cref="DenseOutput"/>.
/// </summary>
internal static partial class BatchIntegrator
{
    /// <summary>
    /// Relative slack under which a step is stretched to land on the next save time rather than leave a sliver
    /// (which would cost a step and, for fixed steps, make the step count depend on rounding).
    /// </summary>
    internal const double LandingSlack = 1e-9;

    /// <summary>
    /// The stage blocks a workspace needs: the step's, and with <see cref="SaveMode.Interpolate"/> the extra stages of
    /// the method's own interpolant after them (so <see cref="DenseOutput.Interpolate{T}"/> reads them as more stages).
    /// </summary>
    internal static int WorkspaceStages(TableauInfo tableau, SolverOptions options) =>
        tableau.Stages + (options.SaveMode == SaveMode.Interpolate ? tableau.ExtraStages : 0);

    public static Solution<T> Solve<T, TTableau, TSystem>(ref TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>
    {
        var none = default(NoRecorder<T>);
        return Solve<T, TTableau, TSystem, NoRecorder<T>>(ref system, y0, SaveSchedule<T>.Shared(saveAt, y0.Length / system.StateSize), options, ref none);
    }

    /// <summary>
    /// Solves as above, every lane on its own save times (<see cref="SaveSchedule{T}"/>), in one batch, and reports
    /// every attempted step to <paramref name="recorder"/> (the adjoints).
    /// </summary>
    public static Solution<T> Solve<T, TTableau, TSystem, TRecorder>(ref TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, SolverOptions options, ref TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>
        where TRecorder : struct, IStepRecorder<T>
    {
        int n = system.StateSize, lanes = y0.Length / n;
        T[] states = schedule.AllocateStates(y0, n);
        var laneStats = new SolverStats[lanes];
        if (lanes > 0)
        {
            SolveLanes<T, TTableau, TSystem, TRecorder>(ref system, y0, schedule, options, states, laneStats, 0, lanes, ref recorder);
        }

        return new Solution<T>(states, schedule.Times, lanes, n, laneStats);
    }

    /// <summary>
    /// Re-runs <paramref name="lanes"/> lanes from states that <paramref name="restore"/> puts into the first slots of
    /// the workspace (with <see cref="SolveWorkspace{T}.Lane"/> set to the slot index and
    /// <see cref="SolveWorkspace{T}.SaveEnd"/> restored), each for its accepted-step budget, reporting every step to
    /// <paramref name="recorder"/>. The step and the controller do the same arithmetic as in the forward solve (the
    /// generated step gives a lane the same result wherever it sits in a batch), so the replayed steps are the forward
    /// steps, bit for bit. The states it lands on are not stored (the forward solve has them).
    /// </summary>
    public static void Replay<T, TTableau, TSystem, TRecorder>(ref TSystem system, int lanes, Action<SolveWorkspace<T>> restore, SaveSchedule<T> schedule, SolverOptions options, ref TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>
        where TRecorder : struct, IStepRecorder<T>
    {
        SolveWorkspace<T> ws = SolveWorkspace<T>.Rent(lanes, system.StateSize, WorkspaceStages(TTableau.Info, options));
        try
        {
            restore(ws);
            Loop<T, TTableau, TSystem, TRecorder>(ref system, ws, lanes, schedule, null, options, ws.ReplayCounters(lanes), ref recorder);
        }
        finally
        {
            SolveWorkspace<T>.Return(ws);
        }
    }

    /// <summary>
    /// Steps the first <paramref name="active"/> slots of <paramref name="ws"/> (fully initialised: state, first
    /// stage, time, proposed step, controller memory, next save and its end) until each reaches its last save time or
    /// has accepted its <see cref="SolveWorkspace{T}.StepsLeft"/>; saved states go to the rows
    /// <paramref name="schedule"/> gives them in <paramref name="states"/> (nowhere when it is null: a replay).
    /// </summary>
    private static void Loop<T, TTableau, TSystem, TRecorder>(ref TSystem system, SolveWorkspace<T> ws, int active, SaveSchedule<T> schedule, T[]? states, SolverOptions options, LaneCounters counters, ref TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedOdeSystem<T>
        where TRecorder : struct, IStepRecorder<T>
    {
        TableauInfo tableau = TTableau.Info;
        int n = ws.StateSize, stride = ws.Capacity, last = tableau.Stages - 1;
        double[] save = schedule.Save;
        bool adaptive = options.FixedStep is null, interpolate = options.SaveMode == SaveMode.Interpolate;
        bool endDerivative = interpolate && DenseOutput.NeedsEndDerivative(tableau);
        bool extraStages = interpolate && tableau.ExtraStages > 0;
        var controller = StepController.For(tableau, options);
        T atol = T.CreateTruncating(options.AbsoluteTolerance), rtol = T.CreateTruncating(options.RelativeTolerance);
        while (active > 0)
        {
            for (int i = 0; i < active; i++)
            {
                // Dense output clips only to the last save time; the others are filled inside the steps.
                int target = interpolate ? ws.SaveEnd[i] - 1 : ws.NextSave[i];
                double remaining = save[target] - ws.Time[i];
                double h = ws.Step[i];
                bool clipped = h >= remaining * (1 - LandingSlack);
                ws.Clipped[i] = clipped;
                ws.Taken[i] = clipped ? remaining : h;
                ws.StepT[i] = T.CreateTruncating(ws.Taken[i]);
                ws.TimeT[i] = T.CreateTruncating(ws.Time[i]);
                // Fixed steps: t = start + k·h rather than t += h, so thousands of steps do not drift off the grid.
                ws.End[i] = clipped ? save[target] : adaptive ? ws.Time[i] + ws.Taken[i] : ws.SegmentStart[i] + ((ws.SegmentSteps[i] + 1) * ws.Taken[i]);
                if (interpolate)
                {
                    ws.Inside[i] = DenseOutput.Inside<double>(save.AsSpan(0, ws.SaveEnd[i]), ws.NextSave[i], ws.End[i], clipped, out ws.Lands[i]);
                }
                else
                {
                    ws.Inside[i] = 0;
                    ws.Lands[i] = clipped;
                }
            }

            var step = new RungeKuttaStep<T>
            {
                StateSize = n,
                Count = active,
                Stride = stride,
                Time = ws.TimeT,
                StepSize = ws.StepT,
                Y = ws.Y,
                Stages = ws.Stages,
                StageState = ws.StageState,
                StageTime = ws.StageTimeT,
                YNew = ws.YNew,
                ErrorSquares = adaptive ? ws.ErrorSquares : default,
                MaximumNorm = controller.MaximumNorm,
                AbsoluteTolerance = atol,
                RelativeTolerance = rtol,
            };
            recorder.Stepping(in step, ws, active);
            TTableau.Step(ref system, in step);
            counters.AddEvaluations(ws, active, tableau.Stages - 1);

            bool anyAccepted = false;
            for (int i = 0; i < active; i++)
            {
                double err = adaptive ? controller.ErrorNorm(double.CreateTruncating(ws.ErrorSquares[i]), n) : 0.0;
                if (!IsFinite(ws.YNew, i, n, stride))
                {
                    if (!adaptive)
                    {
                        LaneFailures.NonFiniteFixedStep(ws.Lane[i], ws.Time[i], ws.Taken[i]);
                    }

                    err = double.NaN;
                }

                ws.ErrorNorm[i] = err;
                ws.Accepted[i] = err <= 1.0;
                anyAccepted |= ws.Accepted[i];
            }

            // The recorder sees the step's buffers before accepted lanes move on (the adjoints need the stage inputs).
            recorder.Stepped(in step, ws, active);
            if (endDerivative && anyAccepted)
            {
                EvaluateEndDerivative(ref system, ws, active, counters);
            }

            // The extra stages of the method's own interpolant; a replay (no states) fills no save times, so skips them.
            if (extraStages && anyAccepted && states is not null)
            {
                EvaluateExtraStages(ref system, ws, active, counters, tableau);
            }

            for (int i = 0; i < active; i++)
            {
                int lane = ws.Lane[i];
                double err = ws.ErrorNorm[i];
                bool finite = !double.IsNaN(err);
                counters.CountStep(lane, ws.Accepted[i]);
                if (ws.Accepted[i])
                {
                    Accept(ws, i, n, stride, schedule, states, tableau);
                    if (adaptive)
                    {
                        ws.Step[i] = controller.AfterAccept(ws.Taken[i], ws.Step[i], ws.Clipped[i], err, ref ws.ErrorMemory[i]);
                    }
                }
                else
                {
                    ws.Step[i] = ws.Taken[i] * controller.RejectFactor(finite ? err : double.PositiveInfinity);
                }

                if (adaptive)
                {
                    ws.Step[i] = controller.Limit(ws.Step[i]);
                    LaneFailures.CheckStep<T>(lane, ws.Time[i], ws.Step[i], options, finite);
                }

                if (counters.Steps(lane) >= options.MaxSteps && ws.NextSave[i] < ws.SaveEnd[i])
                {
                    LaneFailures.MaxSteps(lane, ws.Time[i], options.MaxSteps, save[ws.SaveEnd[i] - 1]);
                }
            }

            if (tableau.IsFsal && anyAccepted)
            {
                CopyLastStageToFirst(ws, active, n, stride, last);
            }

            active = Compact(ws, active);
            if (!tableau.IsFsal && anyAccepted && active > 0)
            {
                EvaluateFirstStageOfAccepted(ref system, ws, active, counters);
            }

            if (anyAccepted && active > 0)
            {
                CheckFirstStage(ws, active, "an accepted state");
            }
        }

    }

    /// <summary>
    /// Moves slot <paramref name="i"/> to the end of its accepted step: interpolates the save times inside the step
    /// (dense output) from its start and stages, then takes the new state, stores it at the save time it lands on.
    /// </summary>
    private static void Accept<T>(SolveWorkspace<T> ws, int i, int n, int stride, SaveSchedule<T> schedule, T[]? states, TableauInfo tableau)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int next = ws.NextSave[i], lane = ws.Lane[i], inside = ws.Inside[i];
        if (inside > 0 && states is not null)
        {
            InterpolateInside(ws, i, n, stride, schedule, states, tableau);
        }

        for (int c = 0; c < n; c++)
        {
            ws.Y[(c * stride) + i] = ws.YNew[(c * stride) + i];
        }

        ws.StepsLeft[i]--;
        ws.Time[i] = ws.End[i];
        if (ws.Clipped[i])
        {
            ws.SegmentStart[i] = ws.End[i];
            ws.SegmentSteps[i] = 0;
        }
        else
        {
            ws.SegmentSteps[i]++;
        }

        next += inside;
        if (ws.Lands[i])
        {
            if (states is not null)
            {
                int offset = schedule.Row(next, lane) * n;
                for (int c = 0; c < n; c++)
                {
                    states[offset + c] = ws.Y[(c * stride) + i];
                }
            }

            next++;
        }

        ws.NextSave[i] = next;
    }

    /// <summary>The save times inside slot <paramref name="i"/>'s accepted step, interpolated (out of line: see SingleLaneIntegrator).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InterpolateInside<T>(SolveWorkspace<T> ws, int i, int n, int stride, SaveSchedule<T> schedule, T[] states, TableauInfo tableau)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<double> weights = stackalloc double[DenseOutput.WeightCount(tableau)];
        int next = ws.NextSave[i], lane = ws.Lane[i];
        double[] save = schedule.Save;
        for (int j = next; j < next + ws.Inside[i]; j++)
        {
            DenseOutput.Weights(tableau, DenseOutput.Theta(save[j], ws.Time[i], ws.Taken[i]), weights);
            ReadOnlySpan<T> end = weights[^1] != 0 ? ws.EndDerivative : default;
            DenseOutput.Interpolate<T>(weights, ws.StepT[i], ws.Y, ws.Stages, end, i, stride, n * stride, states.AsSpan(schedule.Row(j, lane) * n, n));
        }
    }

    /// <summary>
    /// Cubic Hermite dense output of a method without FSAL: f(t + h, y_new) of every lane that accepted a step with a
    /// save time inside it, gathered into one evaluation (the time as t + h in the state's type, as the single-lane
    /// integrator computes it) and scattered to the lanes' slots of <see cref="SolveWorkspace{T}.EndDerivative"/>.
    /// </summary>
    private static void EvaluateEndDerivative<T, TSystem>(ref TSystem system, SolveWorkspace<T> ws, int active, LaneCounters counters)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSystem : struct, IBatchedOdeSystem<T>
    {
        int n = ws.StateSize, stride = ws.Capacity, m = 0;
        for (int i = 0; i < active; i++)
        {
            if (ws.Accepted[i] && ws.Inside[i] > 0)
            {
                int g = m++;
                ws.Gathered[g] = i;
                ws.StageTimeT[g] = ws.TimeT[i] + ws.StepT[i];
                for (int c = 0; c < n; c++)
                {
                    ws.StageState[(c * stride) + g] = ws.YNew[(c * stride) + i];
                }
            }
        }

        if (m == 0)
        {
            return;
        }

        T[] end = ws.EndDerivative;
        system.EvaluateBatch(ws.StageTimeT, ws.StageState, end, m, stride);
        // Last first: slot i ≥ g, so no value is overwritten before it moves.
        for (int g = m - 1; g >= 0; g--)
        {
            int i = ws.Gathered[g];
            counters.CountEvaluation(ws.Lane[i]);
            for (int c = 0; c < n; c++)
            {
                end[(c * stride) + i] = end[(c * stride) + g];
            }
        }
    }

    /// <summary>
    /// The extra stages of the method's own interpolant (Vern7's six) for every lane that accepted a step with a save
    /// time inside it, one batched evaluation per extra stage over those lanes gathered (inputs by
    /// <see cref="DenseOutput.ExtraStageInput{T}"/>, as the single-lane integrator computes them), scattered to the
    /// lanes' slots of the stage blocks after the s stages. Steps without a save time inside pay nothing.
    /// </summary>
    private static void EvaluateExtraStages<T, TSystem>(ref TSystem system, SolveWorkspace<T> ws, int active, LaneCounters counters, TableauInfo tableau)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSystem : struct, IBatchedOdeSystem<T>
    {
        int n = ws.StateSize, stride = ws.Capacity, block = n * stride, s = tableau.Stages, m = 0;
        for (int i = 0; i < active; i++)
        {
            if (ws.Accepted[i] && ws.Inside[i] > 0)
            {
                ws.Gathered[m++] = i;
            }
        }

        if (m == 0)
        {
            return;
        }

        // f of the gathered lanes lands in EndDerivative (cubic Hermite's buffer, unused by a method with its own
        // interpolant) and moves to the lanes' slots before the next extra stage reads it.
        T[] output = ws.EndDerivative;
        for (int e = 0; e < tableau.ExtraStages; e++)
        {
            for (int g = 0; g < m; g++)
            {
                int i = ws.Gathered[g];
                ws.StageTimeT[g] = DenseOutput.ExtraStageTime(tableau, e, ws.TimeT[i], ws.StepT[i]);
                DenseOutput.ExtraStageInput<T>(tableau, e, ws.StepT[i], ws.Y, ws.Stages, i, stride, block, ws.StageState, g, stride, n);
            }

            system.EvaluateBatch(ws.StageTimeT, ws.StageState, output, m, stride);
            Span<T> target = ws.Stages.AsSpan((s + e) * block, block);
            for (int g = 0; g < m; g++)
            {
                int i = ws.Gathered[g];
                counters.CountEvaluation(ws.Lane[i]);
                for (int c = 0; c < n; c++)
                {
                    target[(c * stride) + i] = output[(c * stride) + g];
                }
            }
        }
    }

    /// <summary>
    /// For methods without FSAL: f at the new state of every lane that just accepted a step. Rejected lanes keep their
    /// first stage (their state did not move), so they are gathered out rather than evaluated again; this keeps each
    /// lane's work independent of the lanes it shares a batch with.
    /// </summary>
    private static void EvaluateFirstStageOfAccepted<T, TSystem>(ref TSystem system, SolveWorkspace<T> ws, int active, LaneCounters counters)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSystem : struct, IBatchedOdeSystem<T>
    {
        int n = ws.StateSize, stride = ws.Capacity, m = 0;
        for (int i = 0; i < active; i++)
        {
            if (ws.Accepted[i])
            {
                ws.Gathered[m++] = i;
            }

            ws.TimeT[i] = T.CreateTruncating(ws.Time[i]);
        }

        if (m == active)
        {
            system.EvaluateBatch(ws.TimeT, ws.Y, ws.Stages.AsSpan(0, n * stride), active, stride);
            counters.AddEvaluations(ws, active);
            return;
        }

        for (int g = 0; g < m; g++)
        {
            int i = ws.Gathered[g];
            ws.StageTimeT[g] = ws.TimeT[i];
            for (int c = 0; c < n; c++)
            {
                ws.StageState[(c * stride) + g] = ws.Y[(c * stride) + i];
            }
        }

        system.EvaluateBatch(ws.StageTimeT, ws.StageState, ws.YNew, m, stride);
        for (int g = 0; g < m; g++)
        {
            int i = ws.Gathered[g];
            counters.CountEvaluation(ws.Lane[i]);
            for (int c = 0; c < n; c++)
            {
                ws.Stages[(c * stride) + i] = ws.YNew[(c * stride) + g];
            }
        }
    }

    private static void CopyLastStageToFirst<T>(SolveWorkspace<T> ws, int active, int n, int stride, int last)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lastBlock = last * n * stride;
        for (int i = 0; i < active; i++)
        {
            if (!ws.Accepted[i])
            {
                continue;
            }

            for (int c = 0; c < n; c++)
            {
                ws.Stages[(c * stride) + i] = ws.Stages[lastBlock + (c * stride) + i];
            }
        }
    }

    /// <summary>
    /// Removes finished lanes (past their last save time, or out of replay budget) by moving the last unfinished one
    /// into each hole; returns the new count.
    /// </summary>
    private static int Compact<T>(SolveWorkspace<T> ws, int active)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        while (i < active)
        {
            if (ws.NextSave[i] < ws.SaveEnd[i] && ws.StepsLeft[i] > 0)
            {
                i++;
                continue;
            }

            active--;
            if (i < active)
            {
                ws.MoveSlot(active, i);
                ws.Accepted[i] = ws.Accepted[active];
            }
        }

        return active;
    }

    private static bool IsFinite<T>(T[] buffer, int i, int n, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < n; c++)
        {
            if (!T.IsFinite(buffer[(c * stride) + i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckFirstStage<T>(SolveWorkspace<T> ws, int active, string where)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = ws.StateSize, stride = ws.Capacity;
        for (int i = 0; i < active; i++)
        {
            if (!IsFinite(ws.Y, i, n, stride) || !IsFinite(ws.Stages, i, n, stride))
            {
                LaneFailures.NonFiniteStage(ws.Lane[i], ws.Time[i], where);
            }
        }
    }
}
