using System;

namespace OdeKernels.Cuda;

/// <summary>
/// The lane status words the kernels write (<c>ODE_*</c> codes of the prelude) and their translation into the
/// <see cref="OdeSolveException"/> the CPU integrator throws for the same failure, with the same message. When
/// several lanes fail, the lowest-numbered one is reported (the CPU reports the first it meets, which depends on how
/// lanes are batched).
/// </summary>
internal static class CudaStatus
{
    public const int Ok = 0;
    public const int NonFiniteStart = 1;
    public const int NonFiniteAccepted = 2;
    public const int NonFiniteFixedStep = 3;
    public const int MinStep = 4;
    public const int MinStepAfterNonFinite = 5;
    public const int Underflow = 6;
    public const int UnderflowAfterNonFinite = 7;
    public const int MaxSteps = 8;

    /// <summary>The Checkpointed kernel's replay did not retrace the forward steps (an internal fault, never expected).</summary>
    public const int ReplayMismatch = 9;

    /// <summary>Throws for the first failed lane of <paramref name="status"/> (3 values per lane), if any.</summary>
    public static void ThrowIfFailed<T>(ReadOnlySpan<double> status, SolverOptions options, bool backward)
    {
        for (int lane = 0; lane < status.Length / 3; lane++)
        {
            int code = (int)status[3 * lane];
            if (code != Ok)
            {
                throw Create<T>(code, lane, status[(3 * lane) + 1], status[(3 * lane) + 2], options, backward);
            }
        }
    }

    /// <summary>The exception for one lane's status word; <paramref name="time"/> is in the kernel's time (s = −t backwards).</summary>
    public static OdeSolveException Create<T>(int code, int lane, double time, double value, SolverOptions options, bool backward)
    {
        double t = time, h = value;
        bool afterNonFinite = code is MinStepAfterNonFinite or UnderflowAfterNonFinite;
        string why = afterNonFinite ? " after the state became non-finite (NaN or infinity) in a trial step" : string.Empty;
        string message = code switch
        {
            NonFiniteStart => $"Lane {lane} failed at t = {t:R}: the state or its derivative became non-finite (NaN or infinity) at the initial state.",
            NonFiniteAccepted => $"Lane {lane} failed at t = {t:R}: the state or its derivative became non-finite (NaN or infinity) at an accepted state.",
            NonFiniteFixedStep => $"Lane {lane} failed at t = {t:R}: the state became non-finite (NaN or infinity) in a fixed step of {h:R}; the step may be too large for this problem.",
            MinStep or MinStepAfterNonFinite => $"Lane {lane} failed at t = {t:R}: the step size {h:R} fell below MinStep = {options.MinStep:R}{why}; the problem may be stiff, or the tolerances too tight for {typeof(T).Name}.",
            Underflow or UnderflowAfterNonFinite => $"Lane {lane} failed at t = {t:R}: the step size underflowed to {h:R}{why}; the problem may be stiff or singular here.",
            MaxSteps => $"Lane {lane} failed at t = {t:R}: it used MaxSteps = {options.MaxSteps} steps before reaching t = {value:R}; raise SolverOptions.MaxSteps or loosen the tolerances.",
            ReplayMismatch => $"Lane {lane} failed at t = {t:R}: the Checkpointed adjoint's replay did not retrace the forward solve's steps ({value:R} steps or checkpoints were expected); this is a fault in OdeKernels' CUDA kernels, please report it.",
            _ => $"Lane {lane} failed at t = {t:R} with unknown CUDA status code {code}.",
        };

        return backward
            ? new OdeSolveException(lane, -t, $"Backsolve adjoint: lane {lane} failed integrating backwards at t = {-t:R}: {message}")
            : new OdeSolveException(lane, t, message);
    }
}
