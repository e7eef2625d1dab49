namespace OdeKernels.Terminal;

/// <summary>
/// The exit codes of programs run through <see cref="ConsoleProgram"/> (all the examples). Every code but
/// <see cref="Success"/> comes with one line on standard error.
/// </summary>
/// <remarks>Thread safety: constants; safe to share.</remarks>
public static class ExitCodes
{
    /// <summary>The program did what was asked.</summary>
    public const int Success = 0;

    /// <summary>
    /// A failure during the run, after the input was accepted: a solve that diverged, a write that failed (full disk,
    /// a path that turned unwritable). What could be written is on disk; checkpoints already written stay intact.
    /// </summary>
    public const int RunFailed = 1;

    /// <summary>Bad input, found before anything is written: an unknown option or bad value, an unusable <c>--resume</c> file or <c>--out</c> directory.</summary>
    public const int UsageError = 2;

    /// <summary>Stopped by Ctrl-C (128 + SIGINT, as shells report it). Training programs first finish the iteration and write a checkpoint.</summary>
    public const int Interrupted = 130;
}
