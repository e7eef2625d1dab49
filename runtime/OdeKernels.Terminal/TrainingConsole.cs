using System;
using System.Threading;
using OdeKernels.Training;
using Spectre.Console;

namespace OdeKernels.Terminal;

/// <summary>Runs training under the right console display, turns Ctrl-C into cancellation and failures into one line.</summary>
/// <remarks>Thread safety: Run drives one console display; call it from one thread at a time (a process has one
/// console).</remarks>
public static class TrainingConsole
{
    /// <summary>
    /// Calls <paramref name="train"/> with a progress bar when standard output is a terminal, or with a
    /// <see cref="PlainTextTrainingObserver"/> (one line every <paramref name="every"/> iterations) when it is
    /// redirected, as in CI and pipes, or under an MPI launcher (<c>mpirun</c>), where a live display would write
    /// escape codes into the log.
    /// </summary>
    /// <typeparam name="TResult">What training returns.</typeparam>
    /// <param name="train">Runs the training with the observer it is given.</param>
    /// <param name="every">The reporting interval of the plain-text display.</param>
    /// <returns>What <paramref name="train"/> returned.</returns>
    /// <exception cref="RunFailedException">Training threw; the message says after which iteration, why, and which checkpoint is the last one written.</exception>
    public static TResult Run<TResult>(Func<ITrainingObserver, TResult> train, int every = 10)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Console.IsOutputRedirected || UnderMpiLauncher()
            ? TrainingRunTracker.Run(new PlainTextTrainingObserver(Console.Out, every), train)
            : Run(AnsiConsole.Console, train);
    }

    /// <summary>
    /// Whether an MPI launcher started this process: Open MPI hands each rank a pseudo-terminal, so standard output
    /// looks like a terminal although the launcher interleaves every rank's lines into one stream (or a log file),
    /// where a live display would write escape codes.
    /// </summary>
    private static bool UnderMpiLauncher() =>
        Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null
        || Environment.GetEnvironmentVariable("PMI_SIZE") is not null
        || Environment.GetEnvironmentVariable("PMIX_RANK") is not null;

    /// <summary>
    /// Calls <paramref name="train"/> with a live progress display on <paramref name="console"/>: one line per run
    /// that fits the console's width (<see cref="TrainingProgressColumn"/>), with the iteration count, a bar, the
    /// percentage, the times and the latest loss.
    /// </summary>
    /// <typeparam name="TResult">What training returns.</typeparam>
    /// <param name="console">Where the display goes.</param>
    /// <param name="train">Runs the training with the observer it is given.</param>
    /// <returns>What <paramref name="train"/> returned.</returns>
    /// <exception cref="RunFailedException">Training threw; the message says after which iteration, why, and which checkpoint is the last one written.</exception>
    public static TResult Run<TResult>(IAnsiConsole console, Func<ITrainingObserver, TResult> train)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(train);
        TResult result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TrainingProgressColumn())
            .Start(context => result = TrainingRunTracker.Run(new SpectreTrainingObserver(context), train));
        return result;
    }

    /// <summary>
    /// A cancellation source that fires on the first Ctrl-C (the process keeps running so the trainer can write its
    /// checkpoint); a second Ctrl-C ends the process as usual.
    /// </summary>
    /// <returns>The source; dispose it to remove the handler.</returns>
    public static CancellationSource CancelOnCtrlC() => new();

    /// <summary>A <see cref="CancellationTokenSource"/> bound to Ctrl-C for its lifetime.</summary>
    /// <remarks>Thread safety: Token may be read from any thread; the Ctrl-C handler runs on a thread-pool thread and
    /// only cancels.</remarks>
    public sealed class CancellationSource : IDisposable
    {
        private readonly CancellationTokenSource _source = new();

        internal CancellationSource() => Console.CancelKeyPress += OnCancel;

        /// <summary>The token that fires on Ctrl-C.</summary>
        public CancellationToken Token => _source.Token;

        /// <inheritdoc/>
        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancel;
            _source.Dispose();
        }

        private void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            if (!_source.IsCancellationRequested)
            {
                e.Cancel = true;
                _source.Cancel();
            }
        }
    }
}
