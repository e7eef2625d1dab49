using System;

namespace OdeKernels;

/// <summary>A lane of a solve failed: its step size underflowed, its state became non-finite, or it ran out of steps.</summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class OdeSolveException : Exception
{
    /// <summary>Creates the exception for a failed lane.</summary>
    /// <param name="lane">The 0-based lane that failed.</param>
    /// <param name="time">The time the lane had reached.</param>
    /// <param name="message">What went wrong and why.</param>
    public OdeSolveException(int lane, double time, string message)
        : base(message)
    {
        Lane = lane;
        Time = time;
    }

    /// <summary>The 0-based lane that failed.</summary>
    public int Lane { get; }

    /// <summary>The time the failing lane had reached.</summary>
    public double Time { get; }
}
