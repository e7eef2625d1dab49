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
    public static void NonFiniteFixedStep(int lane, double time, double taken) =>
        throw new OdeSolveException(lane, time, $"Lane {lane} failed at t = {time:R}: the state became non-finite (NaN or infinity) in a fixed step of {taken:R}; the step may be too large for this problem.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MaxSteps(int lane, double time, int maxSteps, double end) =>
        throw new OdeSolveException(lane, time, $"Lane {lane} failed at t = {time:R}: it used MaxSteps = {maxSteps} steps before reaching t = {end:R}; raise SolverOptions.MaxSteps or loosen the tolerances.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void NonFiniteStage(int lane, double time, string where) =>
        throw new OdeSolveException(lane, time, $"Lane {lane} failed at t = {time:R}: the state or its derivative became non-finite (NaN or infinity) at {where}.");

    /// <summary>The step-size checks after an adaptive step: below MinStep, underflowed or not finite.</summary>
    public static void CheckStep<T>(int lane, double t, double h, SolverOptions options, bool finite)
    {
        if (h < options.MinStep || t + h == t || !double.IsFinite(h))
        {
            StepTooSmall<T>(lane, t, h, options, finite);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StepTooSmall<T>(int lane, double t, double h, SolverOptions options, bool finite)
    {
        string why = finite ? string.Empty : " after the state became non-finite (NaN or infinity) in a trial step";
        if (h < options.MinStep)
        {
            throw new OdeSolveException(lane, t, $"Lane {lane} failed at t = {t:R}: the step size {h:R} fell below MinStep = {options.MinStep:R}{why}; the problem may be stiff, or the tolerances too tight for {typeof(T).Name}.");
        }

        throw new OdeSolveException(lane, t, $"Lane {lane} failed at t = {t:R}: the step size underflowed to {h:R}{why}; the problem may be stiff or singular here.");
    }
}
