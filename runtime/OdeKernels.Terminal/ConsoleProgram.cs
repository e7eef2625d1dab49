using System;
using System.CommandLine;
using System.IO;
using System.Threading;

namespace OdeKernels.Terminal;

/// <summary>
/// Runs a console program's command line and turns every way it can end into one of <see cref="ExitCodes"/>, once
/// for all the examples: a parse error or a <see cref="UsageException"/> gives <see cref="ExitCodes.UsageError"/>,
/// any other exception <see cref="ExitCodes.RunFailed"/>, each with one line on standard error and no stack trace;
/// Ctrl-C gives <see cref="ExitCodes.Interrupted"/>.
/// </summary>
/// <remarks>Thread safety: call Run once per process, from its main thread (it owns the console and the Ctrl-C handler).</remarks>
public static class ConsoleProgram
{
    /// <summary>
    /// Parses <paramref name="args"/> with <paramref name="command"/> and runs <paramref name="run"/> with a token
    /// that fires on the first Ctrl-C: the program is expected to stop soon after, writing what it has (a training
    /// run finishes its iteration and writes a checkpoint), and then exits with <see cref="ExitCodes.Interrupted"/>
    /// whatever <paramref name="run"/> returns. A second Ctrl-C ends the process at once.
    /// </summary>
    /// <param name="command">The command with its options.</param>
    /// <param name="args">The program's arguments.</param>
    /// <param name="run">The program; returns its exit code.</param>
    /// <returns>The exit code: 0 after <c>--help</c>, else as described in <see cref="ExitCodes"/>.</returns>
    public static int Invoke(RootCommand command, string[] args, Func<ParseResult, CancellationToken, int> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Invoke(command, args, parsed =>
        {
            using TrainingConsole.CancellationSource cancel = TrainingConsole.CancelOnCtrlC();
            int code = run(parsed, cancel.Token);
            if (cancel.Token.IsCancellationRequested)
            {
                Console.Error.WriteLine("interrupted: stopped by Ctrl-C");
                return ExitCodes.Interrupted;
            }

            return code;
        });
    }

    /// <summary>
    /// Parses <paramref name="args"/> with <paramref name="command"/> and runs <paramref name="run"/>, which does not
    /// watch for Ctrl-C: Ctrl-C ends the process at once, by the signal (which shells report as 130).
    /// </summary>
    /// <param name="command">The command with its options.</param>
    /// <param name="args">The program's arguments.</param>
    /// <param name="run">The program; returns its exit code.</param>
    /// <returns>The exit code: 0 after <c>--help</c>, else as described in <see cref="ExitCodes"/>.</returns>
    public static int Invoke(RootCommand command, string[] args, Func<ParseResult, int> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(run);
        ParseResult result = command.Parse(args);
        if (result.Errors.Count > 0)
        {
            return Fail(ExitCodes.UsageError, result.Errors[0].Message);
        }

        command.SetAction(parsed =>
        {
            try
            {
                return run(parsed);
            }
            catch (Exception e)
            {
                return Fail(e);
            }
        });
        return result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    /// <summary>
    /// Reports <paramref name="exception"/> as one line on standard error and returns its exit code:
    /// <see cref="ExitCodes.UsageError"/> for a <see cref="UsageException"/>, <see cref="ExitCodes.RunFailed"/> for
    /// anything else (an exception of an unexpected type is named, since it points at a bug).
    /// </summary>
    /// <param name="exception">What ended the program.</param>
    /// <returns>The exit code.</returns>
    public static int Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            UsageException => Fail(ExitCodes.UsageError, exception.Message),
            RunFailedException or OdeSolveException or IOException or UnauthorizedAccessException => Fail(ExitCodes.RunFailed, exception.Message),
            _ => Fail(ExitCodes.RunFailed, $"unexpected {exception.GetType().Name}: {exception.Message}"),
        };
    }

    /// <summary>
    /// Creates the output directory <paramref name="path"/> if needed and checks that a file can be created in it,
    /// so that an unusable <c>--out</c> (a path through a file, a read-only file system, a directory without write
    /// permission) is bad input, reported before the run, and not a failure after it.
    /// </summary>
    /// <param name="path">The directory.</param>
    /// <param name="option">The option that gave it, for the message.</param>
    /// <returns>The directory's full path.</returns>
    /// <exception cref="UsageException">The directory cannot be created or written to; the message names it and says why.</exception>
    public static string OutputDirectory(string path, string option = "--out")
    {
        ArgumentNullException.ThrowIfNull(path);
        string full;
        try
        {
            full = Path.GetFullPath(path);
            Directory.CreateDirectory(full);

            // Creating the directory succeeds on a read-only mount when it exists already; a file shows it.
            string probe = Path.Combine(full, $".odekernels-write-test-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option}: cannot write to the directory '{path}': {e.Message}", e);
        }

        return full;
    }

    /// <summary>Writes <c>error: {message}</c> as one line (line breaks and tabs become single spaces) and returns <paramref name="code"/>.</summary>
    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine("error: " + OneLine(message));
        return code;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
