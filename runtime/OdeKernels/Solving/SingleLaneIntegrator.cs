using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels.Solving;

/// <summary>
/// Solves one lane with the tableau's generated single-lane step (<see cref="IRungeKuttaTableau.StepLane"/>): the
/// state in a few small contiguous buffers the caller provides (on the stack for small systems), the right-hand side
/// called through its own <see cref="IOdeSystem{T}.Evaluate"/> (inlined for a struct system), and none of the
/// batched integrator's per-step bookkeeping (working set, compaction, per-slot arrays, lane counters).
/// The controller is <see cref="BatchIntegrator"/>'s, operation for operation: the same landing on save times, PI
/// controller, Hairer starting step, fixed-step grid, limits and failures, so a lane solved here takes the same
/// steps and reaches the same bits as it does inside a batch.
/// </summary>
internal static class SingleLaneIntegrator
{
    /// <summary>
    /// The buffer length one lane needs: y, ynew, the stage input, s stage derivatives, the extra stages of the
    /// method's own interpolant and f(t + h, y_new) for cubic Hermite dense output (checked: a state too large to
    /// buffer fails loudly).
    /// </summary>
    public static int BufferLength(int stateSize, TableauInfo tableau) => checked((DenseOutput.Rows(tableau) + 4) * stateSize);

    /// <summary>
    /// Solves the lane whose initial state is <paramref name="y0"/> (StateSize values) and writes its state at every
    /// save time into <paramref name="states"/> at <c>save * saveStride + offset</c>.
    /// </summary>
    /// <param name="system">The right-hand side.</param>
    /// <param name="y0">The lane's initial state.</param>
    /// <param name="saveAt">The lane's sequence up to its last save time (validated; see <see cref="SaveSchedule{T}"/>).</param>
    /// <param name="start">The index of the lane's start in <paramref name="saveAt"/>; its save times follow.</param>
    /// <param name="saveStart">Whether the start has a row (the shared form), into which y0 is copied.</param>
    /// <param name="options">The solver options (validated).</param>
    /// <param name="buffer">Scratch of at least <see cref="BufferLength"/> values.</param>
    /// <param name="states">The output, save-major.</param>
    /// <param name="offset">Where this lane's row starts within a save's block (<see cref="SaveSchedule{T}.RowOffset"/> × StateSize; negative for a per-lane schedule whose start has no row).</param>
    /// <param name="saveStride">The length of one save's block (<see cref="SaveSchedule{T}.RowStride"/> × StateSize).</param>
    /// <param name="lane">The lane's number, for failures.</param>
    /// <param name="recorder">Observes every attempted step.</param>
    public static SolverStats Solve<T, TTableau, TSystem, TRecorder>(ref TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, int start, bool saveStart, SolverOptions options, Span<T> buffer, Span<T> states, int offset, int saveStride, int lane, ref TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : IOdeSystem<T>
        where TRecorder : struct, ILaneRecorder<T>
    {
        TableauInfo tableau = TTableau.Info;
        int n = y0.Length, saves = saveAt.Length;
        if (saveStart)
        {
            y0.CopyTo(states.Slice((start * saveStride) + offset, n));
        }

        if (saves - start == 1)
        {
            return default;
        }

        Span<T> y = buffer[..n], k = buffer.Slice(3 * n, tableau.Stages * n);
        y0.CopyTo(y);
        double t0 = double.CreateTruncating(saveAt[start]), span = double.CreateTruncating(saveAt[saves - 1]) - t0;
        var work = new LaneWork { Evaluations = 1 };
        system.Evaluate(saveAt[start], y, k[..n]);
        CheckFirstStage(y, k[..n], lane, t0, "the initial state");

        var cursor = new LaneCursor { Time = t0, SegmentStart = t0, NextSave = start + 1, StepsLeft = int.MaxValue, ErrorMemory = 1.0 };
        if (options.FixedStep is { } fixedStep)
        {
            cursor.Step = fixedStep;
        }
        else if (options.InitialStep is { } h0)
        {
            cursor.Step = Math.Min(h0, span);
        }
        else
        {
            // Hairer's probe, into the buffers the step overwrites anyway (as the batched path uses its own).
            Span<T> probe = buffer.Slice(2 * n, n), f1 = buffer.Slice(n, n);
            double guess = InitialStep.FirstGuess<T>(y, k, 0, 1, n, options, span);
            InitialStep.Probe<T>(y, k, probe, 0, 1, n, guess);
            system.Evaluate(T.CreateTruncating(t0 + guess), probe, f1);
            cursor.Step = InitialStep.Finish<T>(y, k, f1, 0, 1, n, guess, tableau.Order, options, span);
            work.Evaluations++;
        }

        Loop<T, TTableau, TSystem, TRecorder>(ref system, buffer, n, ref cursor, ref work, saveAt, options, states, offset, saveStride, lane, ref recorder);
        return work.Stats;
    }

    /// <summary>
    /// Steps the lane from <paramref name="cursor"/> (its state in the first block of <paramref name="buffer"/>, its
    /// first stage derivative in the fourth) until it reaches the last save time or has accepted
    /// <see cref="LaneCursor.StepsLeft"/> steps; a checkpointed adjoint's replay enters here with a restored cursor.
    /// </summary>
    public static void Loop<T, TTableau, TSystem, TRecorder>(ref TSystem system, Span<T> buffer, int n, ref LaneCursor cursor, ref LaneWork work, ReadOnlySpan<T> saveAt, SolverOptions options, Span<T> states, int offset, int saveStride, int lane, ref TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : IOdeSystem<T>
        where TRecorder : struct, ILaneRecorder<T>
    {
        // The save mode as a type: the JIT compiles the Step loop without any of dense output's bookkeeping (in the
        // loop as a run-time flag it cost Step mode up to a third of its speed on the one-trajectory workloads).
        if (options.SaveMode == SaveMode.Interpolate)
        {
            Loop<T, TTableau, TSystem, TRecorder, InterpolateSaves>(ref system, buffer, n, ref cursor, ref work, saveAt, options, states, offset, saveStride, lane, ref recorder);
        }
        else
        {
            Loop<T, TTableau, TSystem, TRecorder, StepSaves>(ref system, buffer, n, ref cursor, ref work, saveAt, options, states, offset, saveStride, lane, ref recorder);
        }
    }

    /// <remarks>
    /// Never inlined into its two-line dispatcher: the JIT once took the state path's loop into such a dispatcher at
    /// tier 1, where it was compiled without the loop's own profile, and a one-trajectory solve took half again as long
    /// (<see cref="StateLaneIntegrator"/>); this loop, larger, is not inlined today, and stays so.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Loop<T, TTableau, TSystem, TRecorder, TSaves>(ref TSystem system, Span<T> buffer, int n, ref LaneCursor cursor, ref LaneWork work, ReadOnlySpan<T> saveAt, SolverOptions options, Span<T> states, int offset, int saveStride, int lane, ref TRecorder recorder)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : IOdeSystem<T>
        where TRecorder : struct, ILaneRecorder<T>
        where TSaves : struct, ISaveModeType
    {
        TableauInfo tableau = TTableau.Info;
        int saves = saveAt.Length, stages = tableau.Stages;
        bool adaptive = options.FixedStep is null, fsal = tableau.IsFsal, interpolate = TSaves.Interpolate;
        bool endDerivative = interpolate && DenseOutput.NeedsEndDerivative(tableau);
        var controller = StepController.For(tableau, options);
        T atol = T.CreateTruncating(options.AbsoluteTolerance), rtol = T.CreateTruncating(options.RelativeTolerance);
        int maxSteps = options.MaxSteps;
        Span<T> y = buffer[..n], yNew = buffer.Slice(n, n), stageState = buffer.Slice(2 * n, n), k = buffer.Slice(3 * n, stages * n);
        Span<T> k0 = k[..n], kLast = k.Slice((stages - 1) * n, n), fEnd = buffer.Slice((DenseOutput.Rows(tableau) + 3) * n, n);
        // The stages followed by the extra stages of the method's own interpolant (none for most methods).
        Span<T> kDense = buffer.Slice(3 * n, DenseOutput.Rows(tableau) * n);

        // The cursor lives in locals for the loop (the JIT keeps them in registers) and goes back at the end.
        double time = cursor.Time, step = cursor.Step, errorMemory = cursor.ErrorMemory, segmentStart = cursor.SegmentStart;
        int segmentSteps = cursor.SegmentSteps, next = cursor.NextSave, stepsLeft = cursor.StepsLeft;
        long evaluations = work.Evaluations, accepted = work.Accepted, rejected = work.Rejected;
        // Dense output clips only to the last save time; the others are filled inside the steps.
        double target = double.CreateTruncating(saveAt[interpolate ? saves - 1 : next]);
        while (true)
        {
            double remaining = target - time;
            bool clipped = step >= remaining * (1 - BatchIntegrator.LandingSlack);
            double taken = clipped ? remaining : step;
            // Fixed steps: t = start + k·h rather than t += h, so thousands of steps do not drift off the grid.
            double end = clipped ? target : adaptive ? time + taken : segmentStart + ((segmentSteps + 1) * taken);
            // Step mode: nothing inside, and the step lands on the next save time when clipped to it.
            int inside = 0;
            bool lands = clipped;
            if (interpolate)
            {
                inside = DenseOutput.Inside(saveAt, next, end, clipped, out lands);
            }
            var laneStep = new RungeKuttaLaneStep<T>
            {
                StateSize = n,
                Time = T.CreateTruncating(time),
                StepSize = T.CreateTruncating(taken),
                Y = y,
                Stages = k,
                StageState = stageState,
                YNew = yNew,
                EstimateError = adaptive,
                MaximumNorm = controller.MaximumNorm,
                AbsoluteTolerance = atol,
                RelativeTolerance = rtol,
            };
            T errorSquares = TTableau.StepLane(ref system, in laneStep);
            evaluations += stages - 1;

            double err = adaptive ? controller.ErrorNorm(double.CreateTruncating(errorSquares), n) : 0.0;
            if (!IsFinite(yNew))
            {
                if (!adaptive)
                {
                    throw LaneFailures.NonFiniteFixedStepError(lane, time, taken);
                }

                err = double.NaN;
            }

            bool ok = err <= 1.0, finite = !double.IsNaN(err);
            if (typeof(TRecorder) != typeof(NoLaneRecorder<T>))
            {
                var at = new LaneCursor { Time = time, Step = step, ErrorMemory = errorMemory, SegmentStart = segmentStart, SegmentSteps = segmentSteps, NextSave = next, StepsLeft = stepsLeft };
                recorder.Stepped(y, k, in at, taken, inside, lands, ok);
            }

            if (ok)
            {
                accepted++;
                if (inside > 0)
                {
                    Interpolate(ref system, tableau, endDerivative, y, yNew, kDense, stageState, fEnd, time, taken, saveAt, next, inside, states, offset, saveStride, ref evaluations);
                }

                Span<T> swap = y;
                y = yNew;
                yNew = swap;
                stepsLeft--;
                time = end;
                if (clipped)
                {
                    segmentStart = end;
                    segmentSteps = 0;
                }
                else
                {
                    segmentSteps++;
                }

                next += inside;
                if (lands)
                {
                    Copy(y, states.Slice((next * saveStride) + offset, n));
                    next++;

                    // Step mode aims at the next save time; dense output keeps aiming at the last one.
                    if (!interpolate)
                    {
                        target = next < saves ? double.CreateTruncating(saveAt[next]) : target;
                    }
                }

                if (adaptive)
                {
                    step = controller.AfterAccept(taken, step, clipped, err, ref errorMemory);
                }
            }
            else
            {
                rejected++;
                step = taken * controller.RejectFactor(finite ? err : double.PositiveInfinity);
            }

            if (adaptive)
            {
                step = controller.Limit(step);
                if (LaneFailures.IsStepTooSmall(time, step, options))
                {
                    throw LaneFailures.StepTooSmallError<T>(lane, time, step, options, finite);
                }
            }

            if (accepted + rejected >= maxSteps && next < saves)
            {
                throw LaneFailures.MaxStepsError(lane, time, maxSteps, double.CreateTruncating(saveAt[saves - 1]));
            }

            if (ok && fsal)
            {
                Copy(kLast, k0);
            }

            if (next >= saves || stepsLeft <= 0)
            {
                break;
            }

            if (ok)
            {
                if (!fsal)
                {
                    system.Evaluate(T.CreateTruncating(time), y, k0);
                    evaluations++;
                }

                CheckFirstStage(y, k0, lane, time, "an accepted state");
            }
        }

        cursor = new LaneCursor { Time = time, Step = step, ErrorMemory = errorMemory, SegmentStart = segmentStart, SegmentSteps = segmentSteps, NextSave = next, StepsLeft = stepsLeft };
        work = new LaneWork { Evaluations = evaluations, Accepted = accepted, Rejected = rejected };
    }

    /// <summary>
    /// Fills the <paramref name="inside"/> save times from <paramref name="next"/> that lie inside the accepted step
    /// from <paramref name="time"/> of size <paramref name="taken"/> (see <see cref="DenseOutput"/>), evaluating
    /// f(t + h, y_new) first where cubic Hermite needs it, or the extra stages of the method's own interpolant (into
    /// the blocks of <paramref name="k"/> after the s stages, through <paramref name="stageState"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Interpolate<T, TSystem>(ref TSystem system, TableauInfo tableau, bool endDerivative, ReadOnlySpan<T> y, ReadOnlySpan<T> yNew, Span<T> k, Span<T> stageState, Span<T> fEnd, double time, double taken, ReadOnlySpan<T> saveAt, int next, int inside, Span<T> states, int offset, int saveStride, ref long evaluations)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSystem : IOdeSystem<T>
    {
        // The weights' scratch lives here, not in the solver loop: a stackalloc there costs the Step mode too.
        Span<double> weights = stackalloc double[DenseOutput.WeightCount(tableau)];
        int n = y.Length;
        T h = T.CreateTruncating(taken);
        if (endDerivative)
        {
            system.Evaluate(T.CreateTruncating(time) + h, yNew, fEnd);
            evaluations++;
        }

        for (int e = 0, s = tableau.Stages; e < tableau.ExtraStages; e++)
        {
            DenseOutput.ExtraStageInput<T>(tableau, e, h, y, k, 0, 1, n, stageState, 0, 1, n);
            system.Evaluate(DenseOutput.ExtraStageTime(tableau, e, T.CreateTruncating(time), h), stageState, k.Slice((s + e) * n, n));
            evaluations++;
        }

        for (int j = next; j < next + inside; j++)
        {
            DenseOutput.Weights(tableau, DenseOutput.Theta(double.CreateTruncating(saveAt[j]), time, taken), weights);
            DenseOutput.Interpolate<T>(weights, h, y, k, fEnd, 0, 1, n, states.Slice((j * saveStride) + offset, n));
        }
    }

    /// <summary>A plain loop: for the few components of a small system a call to memmove costs more than the copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy<T>(ReadOnlySpan<T> from, Span<T> to)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < from.Length; c++)
        {
            to[c] = from[c];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (T v in values)
        {
            if (!T.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckFirstStage<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> k0, int lane, double time, string where)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsFinite(y) || !IsFinite(k0))
        {
            throw LaneFailures.NonFiniteStageError(lane, time, where);
        }
    }
}

/// <summary>A save mode as a type parameter, so the single-lane loop is compiled once per mode with the other's code removed.</summary>
internal interface ISaveModeType
{
    /// <summary>Whether save times inside a step are interpolated (<see cref="SaveMode.Interpolate"/>).</summary>
    static abstract bool Interpolate { get; }
}

/// <summary><see cref="SaveMode.Step"/>.</summary>
internal readonly struct StepSaves : ISaveModeType
{
    public static bool Interpolate => false;
}

/// <summary><see cref="SaveMode.Interpolate"/>.</summary>
internal readonly struct InterpolateSaves : ISaveModeType
{
    public static bool Interpolate => true;
}
