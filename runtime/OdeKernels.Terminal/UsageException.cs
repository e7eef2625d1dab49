using System;

namespace OdeKernels.Terminal;

/// <summary>Bad input found after parsing (an unreadable checkpoint, one of another model): exit code 2, one line on standard error.</summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The one-line message.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    /// <param name="message">The one-line message.</param>
    /// <param name="inner">The cause.</param>
    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UsageException()
    {
    }
}
