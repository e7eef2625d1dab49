using System;

namespace OdeKernels.Terminal;

/// <summary>
/// A training run failed after it started (a diverging solve, a failed write): exit code <see cref="ExitCodes.RunFailed"/>.
/// The message says after which iteration it failed, why, and which checkpoint is the last good one.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class RunFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The one-line message.</param>
    public RunFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    /// <param name="message">The one-line message.</param>
    /// <param name="inner">The cause.</param>
    public RunFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RunFailedException()
    {
    }
}
