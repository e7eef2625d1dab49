using System;
using System.Runtime.CompilerServices;

namespace OdeKernels.Distributed;

/// <summary>MPI is missing, is not a supported implementation, or a call into it failed; the message says which and what to do.</summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class MpiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public MpiException(string message)
        : base(message)
    {
    }

    /// <summary>Throws when an MPI call returned an error code (MPI_SUCCESS is 0).</summary>
    /// <param name="error">The code the call returned.</param>
    /// <param name="call">The call, filled in by the compiler.</param>
    internal static void ThrowIfFailed(int error, [CallerArgumentExpression(nameof(error))] string call = "")
    {
        if (error != 0)
        {
            throw new MpiException($"{call} failed with MPI error code {error}.");
        }
    }
}
