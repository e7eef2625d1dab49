using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace OdeKernels.Solving;

/// <summary>
/// The failures of a lane, thrown by both <see cref="BatchIntegrator"/> and <see cref="SingleLaneIntegrator"/> so that
/// a lane fails with the same message on either path (a test holds both to it). Throw helpers keep the exception code
/// out of the stepping loops; they are never inlined, as an inlined message would spend the loop's inlining budget,
/// which the state path's generated step needs.
/// </summary>
internal static class LaneFailures
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void NonFiniteFixedStep(int lane, double time, double taken) => throw NonFiniteFixedStepError(lane, time, taken);

    /// <summary>
    /// The exception of <see cref="NonFiniteFixedStep"/>, for a loop that throws it itself: the JIT sees a
    /// <c>throw</c> ends the path (it does not read <see cref="DoesNotReturnAttribute"/>), so the state loop's values are
    /// not kept live across it, which would spill them to the stack on every step.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static OdeSolveException NonFiniteFixedStepError(int lane, double time, double taken) =>
        new(lane, time, $"Lane {lane} failed at t = {time:R}: the state became non-finite (NaN or infinity) in a fixed step of {taken:R}; the step may be too large for this problem.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MaxSteps(int lane, double time, int maxSteps, double end) => throw MaxStepsError(lane, time, maxSteps, end);

    /// <summary>The exception of <see cref="MaxSteps"/> (see <see cref="NonFiniteFixedStepError"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static OdeSolveException MaxStepsError(int lane, double time, int maxSteps, double end) =>
        new(lane, time, $"Lane {lane} failed at t = {time:R}: it used MaxSteps = {maxSteps} steps before reaching t = {end:R}; raise SolverOptions.MaxSteps or loosen the tolerances.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void NonFiniteStage(int lane, double time, string where) => throw NonFiniteStageError(lane, time, where);

    /// <summary>The exception of <see cref="NonFiniteStage"/> (see <see cref="NonFiniteFixedStepError"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static OdeSolveException NonFiniteStageError(int lane, double time, string where) =>
        new(lane, time, $"Lane {lane} failed at t = {time:R}: the state or its derivative became non-finite (NaN or infinity) at {where}.");

    /// <summary>The step-size checks after an adaptive step: below MinStep, underflowed or not finite.</summary>
    public static void CheckStep<T>(int lane, double t, double h, SolverOptions options, bool finite)
    {
        if (IsStepTooSmall(t, h, options))
        {
            StepTooSmall<T>(lane, t, h, options, finite);
        }
    }

    /// <summary>Whether <see cref="CheckStep"/> fails: the step is below MinStep, underflowed at <paramref name="t"/> or not finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsStepTooSmall(double t, double h, SolverOptions options) => h < options.MinStep || t + h == t || !double.IsFinite(h);

    /// <summary>The exception of a failed <see cref="CheckStep"/> (see <see cref="NonFiniteFixedStepError"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static OdeSolveException StepTooSmallError<T>(int lane, double t, double h, SolverOptions options, bool finite)
    {
        string why = finite ? string.Empty : " after the state became non-finite (NaN or infinity) in a trial step";
        return h < options.MinStep
            ? new OdeSolveException(lane, t, $"Lane {lane} failed at t = {t:R}: the step size {h:R} fell below MinStep = {options.MinStep:R}{why}; the problem may be stiff, or the tolerances too tight for {typeof(T).Name}.")
            : new OdeSolveException(lane, t, $"Lane {lane} failed at t = {t:R}: the step size underflowed to {h:R}{why}; the problem may be stiff or singular here.");
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StepTooSmall<T>(int lane, double t, double h, SolverOptions options, bool finite) => throw StepTooSmallError<T>(lane, t, h, options, finite);
}
