using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using OdeKernels.Terminal;
using OdeKernels.Training;

namespace OdeKernels.Examples.Fitting;

/// <summary>
/// The settings of one trajectory-fit run, as the shared command line (<see cref="TrainingCommandLine"/>) gives them,
/// and the token that fires on the first Ctrl-C.
/// </summary>
/// <param name="Iterations"><c>--iterations</c>: the total to reach (a resumed run continues to it).</param>
/// <param name="LearningRate"><c>--learning-rate</c>: Adam's peak rate.</param>
/// <param name="Seed"><c>--seed</c>: the network's initialisation and every random draw.</param>
/// <param name="Adjoint"><c>--adjoint</c>.</param>
/// <param name="Output"><c>--out</c>: the directory of checkpoints, metrics and figures.</param>
/// <param name="Resume"><c>--resume</c>: the checkpoint to continue from, or null.</param>
/// <param name="CheckpointEvery"><c>--checkpoint-every</c>.</param>
/// <param name="Cancellation">Fires on the first Ctrl-C: training stops after its iteration and writes a checkpoint.</param>
/// <remarks>Thread safety: an immutable record; safe to read from any thread.</remarks>
public sealed record FitSettings(int Iterations, double LearningRate, ulong Seed, AdjointMethod Adjoint, string Output, string? Resume, int CheckpointEvery, CancellationToken Cancellation)
{
    /// <summary>The name of the metrics CSV in <see cref="Output"/>.</summary>
    public const string MetricsFile = "metrics.csv";

    /// <summary>
    /// <c>--distributed</c>: the ranks of the <c>mpirun</c> job training runs on (data-parallel, through
    /// <c>OdeKernels.Distributed</c>), or null for one process.
    /// </summary>
    public ITrainingCommunicator? Communicator { get; init; }

    /// <summary>Whether this process prints and writes files: the only process, or rank 0 of a distributed run.</summary>
    public bool WritesOutput => Communicator is null || Communicator.Rank == 0;

    /// <summary>The metrics CSV: one row per iteration, kept across resumes.</summary>
    public string MetricsPath => Path.Combine(Output, MetricsFile);

    /// <summary>Reads the shared options of <paramref name="cli"/> from <paramref name="parsed"/>.</summary>
    /// <param name="cli">The command line the program parsed with.</param>
    /// <param name="parsed">The parse result.</param>
    /// <param name="cancellation">The Ctrl-C token.</param>
    /// <returns>The settings.</returns>
    public static FitSettings Read(TrainingCommandLine cli, ParseResult parsed, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(parsed);
        return new(
            parsed.GetValue(cli.Iterations), parsed.GetValue(cli.LearningRate), parsed.GetValue(cli.Seed), parsed.GetValue(cli.Adjoint),
            parsed.GetValue(cli.Output)!, parsed.GetValue(cli.Resume), parsed.GetValue(cli.CheckpointEvery), cancellation);
    }

    /// <summary>
    /// The trainer options these settings decide (solver options, adjoint, seed, checkpoint directory and interval,
    /// metrics path, communicator); a fit adds its own (a loss target, a clipping norm) with <c>with</c>.
    /// </summary>
    /// <param name="solver">The solver options of training.</param>
    /// <returns>The options.</returns>
    public TrainerOptions ToTrainerOptions(SolverOptions solver) => new()
    {
        Solver = solver,
        Adjoint = Adjoint,
        Seed = Seed,
        CheckpointDirectory = Output,
        CheckpointEvery = CheckpointEvery,
        MetricsPath = MetricsPath,
        Communicator = Communicator,
    };
}
