using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using OdeKernels.Generated;

namespace OdeKernels.Solving;

/// <summary>
/// Solves one trajectory of an <see cref="ISmallOdeSystem{T, TState}"/> with the tableau's generated state step
/// (<see cref="IRungeKuttaTableau.StepState"/>): the state, the proposal and the first stage are locals of value type,
/// so for a small state the JIT keeps the whole step in registers. The controller is
/// <see cref="SingleLaneIntegrator"/>'s line for line (landing on save times, PI controller, Hairer's starting step,
/// the fixed-step grid, limits, failures and statistics), so without <see cref="SolverOptions.FusedMultiplyAdd"/> a
/// solve here takes the same steps and gives the same bits as the span path for the same arithmetic. The rare work
/// (the starting step, dense output) goes through the span path's own code on copies, which keeps one formula each.
/// </summary>
internal static class StateLaneIntegrator
{
    /// <summary>
    /// Solves from <paramref name="y0"/> and writes the state at every save time into <paramref name="states"/>
    /// (save-major, validated lengths); failures name the trajectory <paramref name="lane"/> of its batch.
    /// </summary>
    public static SolverStats Solve<T, TTableau, TState, TSystem>(ref TSystem system, TState y0, ReadOnlySpan<T> saveAt, SolverOptions options, Span<T> states, int lane = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TState : unmanaged, IStateVector<TState, T>
        where TSystem : ISmallOdeSystem<T, TState>
    {
        int n = TState.Size, saves = saveAt.Length;
        y0.CopyTo(states[..n]);
        if (saves == 1)
        {
            return default;
        }

        double t0 = double.CreateTruncating(saveAt[0]), span = double.CreateTruncating(saveAt[saves - 1]) - t0;
        TState k0 = system.Evaluate(saveAt[0], y0);
        CheckFirstStage<T, TState>(y0, k0, t0, "the initial state", lane);
        double step;
        long evaluations = 1;
        if (options.FixedStep is { } fixedStep)
        {
            step = fixedStep;
        }
        else if (options.InitialStep is { } h0)
        {
            step = Math.Min(h0, span);
        }
        else
        {
            step = StartingStep<T, TState, TSystem>(ref system, y0, k0, t0, span, TTableau.Info.Order, options);
            evaluations++;
        }

        // Dense output needs every stage of the step; the Step mode passes an empty span and the stages stay in registers.
        // Allocated here rather than in the loop's method: a method with a loop and a stackalloc is compiled once,
        // fully optimized but without the profile that tiering gives the loop.
        bool interpolate = options.SaveMode == SaveMode.Interpolate;
        Span<TState> stageStates = interpolate ? stackalloc TState[TTableau.Info.Stages] : default;
        // Built here and passed by reference: built inside the loop's method, which inlines it, the set-up of both
        // rule sets (Hairer's and Boost's) cost the loop its registers: Rk4's Lotka–Volterra solve 11.8 → 14.5 µs fused,
        // 17.7 → 20.4 µs default (AMD EPYC AVX-512), though a fixed step never consults the controller.
        var controller = StepController.For(TTableau.Info, options);
        return (interpolate, options.FusedMultiplyAdd) switch
        {
            (true, false) => Steps<T, TTableau, TState, TSystem, InterpolateSaves, PlainStateArithmetic>(ref system, y0, k0, step, evaluations, saveAt, options, in controller, states, stageStates, lane),
            (true, true) => Steps<T, TTableau, TState, TSystem, InterpolateSaves, FusedStateArithmetic>(ref system, y0, k0, step, evaluations, saveAt, options, in controller, states, stageStates, lane),
            (false, false) => Steps<T, TTableau, TState, TSystem, StepSaves, PlainStateArithmetic>(ref system, y0, k0, step, evaluations, saveAt, options, in controller, states, stageStates, lane),
            (false, true) => Steps<T, TTableau, TState, TSystem, StepSaves, FusedStateArithmetic>(ref system, y0, k0, step, evaluations, saveAt, options, in controller, states, stageStates, lane),
        };
    }

    /// <summary>
    /// <see cref="Solve{T, TTableau, TState, TSystem}"/> of a <see cref="SmallOdeSystemAttribute"/> struct's contracted
    /// right-hand side (<see cref="IContractedSmallOdeSystem{T, TState}"/>), which every solve of such a struct runs
    /// under <see cref="SolverOptions.FusedMultiplyAdd"/>: the struct by value in a wrapper whose
    /// <see cref="ISmallOdeSystem{T, TState}.Evaluate"/> is the contracted form, so the loop is compiled for it.
    /// </summary>
    public static SolverStats SolveContracted<T, TTableau, TState, TSystem>(ref TSystem system, TState y0, ReadOnlySpan<T> saveAt, SolverOptions options, Span<T> states, int lane = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TState : unmanaged, IStateVector<TState, T>
        where TSystem : IContractedSmallOdeSystem<T, TState>
    {
        var contracted = new ContractedSmallOdeSystem<TSystem, T, TState>(system);
        return Solve<T, TTableau, TState, ContractedSmallOdeSystem<TSystem, T, TState>>(ref contracted, y0, saveAt, options, states, lane);
    }

    /// <summary>The loop compiled for where its first stages come from (<see cref="IFirstStageKind"/>).</summary>
    private static SolverStats Steps<T, TTableau, TState, TSystem, TSaves, TArithmetic>(ref TSystem system, TState y, TState k0, double step, long evaluations, ReadOnlySpan<T> saveAt, SolverOptions options, in StepController controller, Span<T> states, Span<TState> stageStates, int lane)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TState : unmanaged, IStateVector<TState, T>
        where TSystem : ISmallOdeSystem<T, TState>
        where TSaves : struct, ISaveModeType
        where TArithmetic : struct, IStateArithmetic =>
        TTableau.Info.IsFsal
            ? Steps<T, TTableau, TState, TSystem, TSaves, TArithmetic, FsalFirstStage>(ref system, y, k0, step, evaluations, saveAt, options, in controller, states, stageStates, lane)
            : Steps<T, TTableau, TState, TSystem, TSaves, TArithmetic, EvaluatedFirstStage>(ref system, y, k0, step, evaluations, saveAt, options, in controller, states, stageStates, lane);

    /// <summary>The loop compiled for its kind of step (<see cref="IStepKind"/>: fixed, or adaptive by Hairer's or by Boost's rules).</summary>
    private static SolverStats Steps<T, TTableau, TState, TSystem, TSaves, TArithmetic, TFirstStage>(ref TSystem system, TState y, TState k0, double step, long evaluations, ReadOnlySpan<T> saveAt, SolverOptions options, in StepController controller, Span<T> states, Span<TState> stageStates, int lane)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TState : unmanaged, IStateVector<TState, T>
        where TSystem : ISmallOdeSystem<T, TState>
        where TSaves : struct, ISaveModeType
        where TArithmetic : struct, IStateArithmetic
        where TFirstStage : struct, IFirstStageKind =>
        options.FixedStep is not null
            ? Loop<T, TTableau, TState, TSystem, TSaves, TArithmetic, FixedSteps, TFirstStage>(ref system, y, k0, step, evaluations, saveAt, options, in controller, states, stageStates, lane)
            : controller.MaximumNorm
            ? Loop<T, TTableau, TState, TSystem, TSaves, TArithmetic, OdeintSteps, TFirstStage>(ref system, y, k0, step, evaluations, saveAt, options, in controller, states, stageStates, lane)
            : Loop<T, TTableau, TState, TSystem, TSaves, TArithmetic, AdaptiveSteps, TFirstStage>(ref system, y, k0, step, evaluations, saveAt, options, in controller, states, stageStates, lane);

    /// <summary>
    /// The steps of one solve. A generated step of up to four stages is inlined here (no call per step, which would
    /// spill every live double and pass the state through memory; a larger step stays a call, see the generator's
    /// state emitter); <typeparamref name="TArithmetic"/> makes the arithmetic a constant of the compiled loop, so that
    /// only one of the step's two bodies remains in it, <typeparamref name="TSteps"/> leaves the controller out of a
    /// fixed-step loop and one of its two rule sets in an adaptive one, and <typeparamref name="TFirstStage"/> leaves
    /// either the FSAL copy or the evaluation of the next first stage (see <see cref="IFirstStageKind"/>).
    /// </summary>
    /// <remarks>
    /// Never inlined into <see cref="Steps{T, TTableau, TState, TSystem, TSaves, TArithmetic}"/>: the JIT once took this whole loop into
    /// that two-line dispatcher at tier 1, where it was compiled without its own profile, and Rk4's fused solve of
    /// Lotka–Volterra went from 11.8 to 17.4 µs (AMD EPYC AVX-512).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SolverStats Loop<T, TTableau, TState, TSystem, TSaves, TArithmetic, TSteps, TFirstStage>(ref TSystem system, TState y, TState k0, double step, long evaluations, ReadOnlySpan<T> saveAt, SolverOptions options, in StepController controller, Span<T> states, Span<TState> stageStates, int lane)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTableau : struct, IRungeKuttaTableau
        where TState : unmanaged, IStateVector<TState, T>
        where TSystem : ISmallOdeSystem<T, TState>
        where TSaves : struct, ISaveModeType
        where TArithmetic : struct, IStateArithmetic
        where TSteps : struct, IStepKind
        where TFirstStage : struct, IFirstStageKind
    {
        TableauInfo tableau = TTableau.Info;
        int n = TState.Size, saves = saveAt.Length, stages = tableau.Stages;
        bool adaptive = TSteps.Adaptive, fsal = TFirstStage.Fsal, interpolate = TSaves.Interpolate;
        bool endDerivative = interpolate && DenseOutput.NeedsEndDerivative(tableau);
        var settings = new StateStepSettings<T>(adaptive, T.CreateTruncating(options.AbsoluteTolerance), T.CreateTruncating(options.RelativeTolerance), controller.MaximumNorm);
        int maxSteps = options.MaxSteps;
        double time = double.CreateTruncating(saveAt[0]), errorMemory = 1.0, segmentStart = time;
        int segmentSteps = 0, next = 1;
        long accepted = 0, rejected = 0;
        double target = double.CreateTruncating(saveAt[interpolate ? saves - 1 : next]);
        while (true)
        {
            double remaining = target - time;
            bool clipped = step >= remaining * (1 - BatchIntegrator.LandingSlack);
            double taken = clipped ? remaining : step;
            double end = clipped ? target : adaptive ? time + taken : segmentStart + ((segmentSteps + 1) * taken);
            int inside = 0;
            bool lands = clipped;
            if (interpolate)
            {
                inside = DenseOutput.Inside(saveAt, next, end, clipped, out lands);
            }

            // An empty span the JIT can see is empty (not the parameter, empty at run time) removes the step's stage
            // stores, which would keep every stage live to the step's end and spill Rk4's partial sums.
            TState yNew = TTableau.StepState<T, TState, TSystem, TArithmetic>(ref system, T.CreateTruncating(time), T.CreateTruncating(taken), in y, in k0, in settings, interpolate ? stageStates : default, out TState last, out T errorSquares);
            evaluations += stages - 1;

            double err = adaptive ? controller.ErrorNorm<TSteps>(double.CreateTruncating(errorSquares), n) : 0.0;
            if (!TState.IsFinite(yNew))
            {
                if (!adaptive)
                {
                    throw LaneFailures.NonFiniteFixedStepError(lane, time, taken);
                }

                err = double.NaN;
            }

            bool ok = err <= 1.0, finite = !double.IsNaN(err);
            if (ok)
            {
                accepted++;
                if (inside > 0)
                {
                    Interpolate(ref system, tableau, endDerivative, y, yNew, stageStates, time, taken, saveAt, next, inside, states, ref evaluations);
                }

                y = yNew;
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
                    y.CopyTo(states.Slice(next * n, n));
                    next++;
                    if (!interpolate)
                    {
                        target = next < saves ? double.CreateTruncating(saveAt[next]) : target;
                    }
                }

                if (adaptive)
                {
                    step = controller.AfterAccept<TSteps>(taken, step, clipped, err, ref errorMemory);
                }
            }
            else
            {
                rejected++;
                step = taken * controller.RejectFactor<TSteps>(finite ? err : double.PositiveInfinity);
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

            if (next >= saves)
            {
                break;
            }

            if (ok)
            {
                if (fsal)
                {
                    k0 = last;
                }
                else
                {
                    k0 = system.Evaluate(T.CreateTruncating(time), y);
                    evaluations++;
                }

                CheckFirstStage<T, TState>(y, k0, time, "an accepted state", lane);
            }
        }

        return new SolverStats(evaluations, accepted, rejected);
    }

    /// <summary>Hairer's starting step, through <see cref="InitialStep"/>'s formulas on copies of the state (once per solve).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double StartingStep<T, TState, TSystem>(ref TSystem system, TState y0, TState k0, double t0, double span, int order, SolverOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TState : unmanaged, IStateVector<TState, T>
        where TSystem : ISmallOdeSystem<T, TState>
    {
        int n = TState.Size;
        Span<T> y = stackalloc T[n], f0 = stackalloc T[n], probe = stackalloc T[n], f1 = stackalloc T[n];
        y0.CopyTo(y);
        k0.CopyTo(f0);
        double guess = InitialStep.FirstGuess<T>(y, f0, 0, 1, n, options, span);
        InitialStep.Probe<T>(y, f0, probe, 0, 1, n, guess);
        system.Evaluate(T.CreateTruncating(t0 + guess), TState.Load(probe)).CopyTo(f1);
        return InitialStep.Finish<T>(y, f0, f1, 0, 1, n, guess, order, options, span);
    }

    /// <summary>
    /// Fills the save times inside an accepted step by <see cref="DenseOutput"/>'s interpolant, on copies of the
    /// states in the span path's layout, so both paths share one formula.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Interpolate<T, TState, TSystem>(ref TSystem system, TableauInfo tableau, bool endDerivative, TState y, TState yNew, ReadOnlySpan<TState> stageStates, double time, double taken, ReadOnlySpan<T> saveAt, int next, int inside, Span<T> states, ref long evaluations)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TState : unmanaged, IStateVector<TState, T>
        where TSystem : ISmallOdeSystem<T, TState>
    {
        int n = TState.Size, s = stageStates.Length;
        Span<double> weights = stackalloc double[DenseOutput.WeightCount(tableau)];
        Span<T> start = stackalloc T[n], k = stackalloc T[DenseOutput.Rows(tableau) * n], fEnd = stackalloc T[n], stageState = stackalloc T[n];
        fEnd.Clear();
        y.CopyTo(start);
        for (int j = 0; j < s; j++)
        {
            stageStates[j].CopyTo(k.Slice(j * n, n));
        }

        T h = T.CreateTruncating(taken);
        if (endDerivative)
        {
            system.Evaluate(T.CreateTruncating(time) + h, yNew).CopyTo(fEnd);
            evaluations++;
        }

        // The extra stages of the method's own interpolant (Vern7), by the span path's formula and in its order.
        for (int e = 0; e < tableau.ExtraStages; e++)
        {
            DenseOutput.ExtraStageInput<T>(tableau, e, h, start, k, 0, 1, n, stageState, 0, 1, n);
            system.Evaluate(DenseOutput.ExtraStageTime(tableau, e, T.CreateTruncating(time), h), TState.Load(stageState)).CopyTo(k.Slice((s + e) * n, n));
            evaluations++;
        }

        for (int j = next; j < next + inside; j++)
        {
            DenseOutput.Weights(tableau, DenseOutput.Theta(double.CreateTruncating(saveAt[j]), time, taken), weights);
            DenseOutput.Interpolate<T>(weights, h, start, k, fEnd, 0, 1, n, states.Slice(j * n, n));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckFirstStage<T, TState>(TState y, TState k0, double time, string where, int lane)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TState : unmanaged, IStateVector<TState, T>
    {
        if (!TState.IsFinite(y) || !TState.IsFinite(k0))
        {
            throw LaneFailures.NonFiniteStageError(lane, time, where);
        }
    }
}
