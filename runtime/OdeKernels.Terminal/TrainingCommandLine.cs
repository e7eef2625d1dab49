using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Threading;
using OdeKernels.Training;

namespace OdeKernels.Terminal;

/// <summary>
/// The command line shared by the training examples (System.CommandLine): <c>--solver</c>, <c>--adjoint</c>,
/// <c>--iterations</c>, <c>--learning-rate</c>, <c>--seed</c>, <c>--out</c>, <c>--resume</c>,
/// <c>--checkpoint-every</c> and <c>--help</c>; an example adds its own options to <see cref="Command"/>. Bad input
/// ends the program with one line on standard error and exit code <see cref="UsageError"/>, before anything is written;
/// the other ways a run ends are those of <see cref="ConsoleProgram"/> (<see cref="ExitCodes"/>).
/// </summary>
/// <remarks>Thread safety: build and parse it on one thread; its options are not changed after construction, so reading
/// them afterwards is safe.</remarks>
public sealed class TrainingCommandLine
{
    /// <summary>The exit code of a usage error: an unknown option, a bad value, an unusable checkpoint.</summary>
    public const int UsageError = ExitCodes.UsageError;

    /// <summary>The solvers <see cref="Solver"/> accepts.</summary>
    public static readonly string[] Solvers = ["tsit5", "dopri5", "vern7", "bosh3"];

    /// <summary>Creates the command with the shared options.</summary>
    /// <param name="description">What the program does (the help's first line).</param>
    /// <param name="iterations">The default of <c>--iterations</c>.</param>
    /// <param name="learningRate">The default of <c>--learning-rate</c>.</param>
    /// <param name="output">The default of <c>--out</c>.</param>
    public TrainingCommandLine(string description, int iterations, double learningRate, string output)
    {
        Solver = new Option<string>("--solver") { Description = "Runge-Kutta method", DefaultValueFactory = _ => "tsit5" };
        Solver.AcceptOnlyFromAmong(Solvers);
        Adjoint = new Option<AdjointMethod>("--adjoint") { Description = "gradient through the solve: Backsolve, Checkpointed or Direct", DefaultValueFactory = _ => AdjointMethod.Backsolve };
        Iterations = new Option<int>("--iterations") { Description = "total iterations (a resumed run continues to this many)", DefaultValueFactory = _ => iterations };
        Require(Iterations, v => v > 0, "be positive");
        LearningRate = new Option<double>("--learning-rate") { Description = "peak learning rate of Adam", DefaultValueFactory = _ => learningRate };
        Require(LearningRate, v => v > 0 && double.IsFinite(v), "be positive");
        Seed = new Option<ulong>("--seed") { Description = "seed of the network's initialisation and of all sampling", DefaultValueFactory = _ => 0 };
        Output = new Option<string>("--out") { Description = "output directory (checkpoints, metrics.csv, plots)", DefaultValueFactory = _ => output };
        Output.AcceptLegalFilePathsOnly();
        Resume = new Option<string?>("--resume") { Description = "resume from this checkpoint (*.safetensors)" };
        CheckpointEvery = new Option<int>("--checkpoint-every") { Description = "write a checkpoint every N iterations (0: only at the end)", DefaultValueFactory = _ => 25 };
        Require(CheckpointEvery, v => v >= 0, "be non-negative");
        Command = new RootCommand(description) { Solver, Adjoint, Iterations, LearningRate, Seed, Output, Resume, CheckpointEvery };
    }

    /// <summary>The root command; add example-specific options to it.</summary>
    public RootCommand Command { get; }

    /// <summary><c>--solver</c>: one of <see cref="Solvers"/>.</summary>
    public Option<string> Solver { get; }

    /// <summary><c>--adjoint</c>.</summary>
    public Option<AdjointMethod> Adjoint { get; }

    /// <summary><c>--iterations</c>: the total, positive.</summary>
    public Option<int> Iterations { get; }

    /// <summary><c>--learning-rate</c>: positive.</summary>
    public Option<double> LearningRate { get; }

    /// <summary><c>--seed</c>.</summary>
    public Option<ulong> Seed { get; }

    /// <summary><c>--out</c>: the output directory.</summary>
    public Option<string> Output { get; }

    /// <summary><c>--resume</c>: a checkpoint to continue from, or null.</summary>
    public Option<string?> Resume { get; }

    /// <summary><c>--checkpoint-every</c>: non-negative.</summary>
    public Option<int> CheckpointEvery { get; }

    /// <summary>
    /// Parses <paramref name="args"/> and runs <paramref name="run"/> through <see cref="ConsoleProgram.Invoke(RootCommand, string[], Func{ParseResult, int})"/>:
    /// a parse error or a <see cref="UsageException"/> (an unreadable checkpoint, one of another model) prints one
    /// line on standard error and returns <see cref="UsageError"/>; <c>--help</c> prints the help and returns 0; any
    /// other exception returns <see cref="ExitCodes.RunFailed"/>. Ctrl-C is not watched: it ends the process at once.
    /// </summary>
    /// <param name="args">The program's arguments.</param>
    /// <param name="run">The program.</param>
    /// <returns>The exit code.</returns>
    public int Invoke(string[] args, Func<ParseResult, int> run) => ConsoleProgram.Invoke(Command, args, run);

    /// <summary>
    /// As <see cref="Invoke(string[], Func{ParseResult, int})"/>, with a token that fires on the first Ctrl-C: pass it
    /// to <see cref="Trainer{TSystem, TTableau, T}.Run"/>, which then stops after the current iteration and writes a
    /// checkpoint; the program then exits with <see cref="ExitCodes.Interrupted"/>.
    /// </summary>
    /// <param name="args">The program's arguments.</param>
    /// <param name="run">The program.</param>
    /// <returns>The exit code.</returns>
    public int Invoke(string[] args, Func<ParseResult, CancellationToken, int> run) => ConsoleProgram.Invoke(Command, args, run);

    /// <summary>
    /// Checks that <paramref name="path"/> names an existing file (not a directory) and returns its full path.
    /// </summary>
    /// <param name="path">The <c>--resume</c> value.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="UsageException">The file does not exist or is a directory.</exception>
    public static string ExistingFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"--resume: '{path}' is a directory, not a checkpoint file.");
        }

        if (!File.Exists(full))
        {
            throw new UsageException($"--resume: no such file '{path}'.");
        }

        return full;
    }

    /// <summary>
    /// Resumes <paramref name="trainer"/> from the <c>--resume</c> checkpoint <paramref name="path"/> and checks that
    /// <c>--iterations</c> leaves something to train; every problem is bad input, reported before anything is
    /// written: a missing file, a directory, a FIFO or device, a corrupt file, another model's or optimizer's
    /// checkpoint, or an iteration count at or below the checkpoint's (which would train nothing).
    /// </summary>
    /// <typeparam name="TSystem">The trainer's system.</typeparam>
    /// <typeparam name="TTableau">The trainer's Runge-Kutta method.</typeparam>
    /// <typeparam name="T">The trainer's floating-point type.</typeparam>
    /// <param name="trainer">The trainer, not yet run.</param>
    /// <param name="path">The <c>--resume</c> value.</param>
    /// <param name="iterations">The <c>--iterations</c> value: the total to reach.</param>
    /// <exception cref="UsageException">The checkpoint cannot be resumed from, or <paramref name="iterations"/> does not exceed its iteration; the message names the path or both numbers.</exception>
    public static void ResumeFrom<TSystem, TTableau, T>(Trainer<TSystem, TTableau, T> trainer, string path, int iterations)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ResumeFrom(trainer.Resume, () => trainer.Iteration, path, iterations);
    }

    /// <summary>
    /// Resumes a trainer of any objective (for example a sharded one) as
    /// <see cref="ResumeFrom{TSystem, TTableau, T}(Trainer{TSystem, TTableau, T}, string, int)"/> does.
    /// </summary>
    /// <typeparam name="T">The trainer's floating-point type.</typeparam>
    /// <param name="trainer">The trainer, not yet run.</param>
    /// <param name="path">The <c>--resume</c> value.</param>
    /// <param name="iterations">The <c>--iterations</c> value: the total to reach.</param>
    /// <exception cref="UsageException">The checkpoint cannot be resumed from, or <paramref name="iterations"/> does not exceed its iteration; the message names the path or both numbers.</exception>
    public static void ResumeFrom<T>(Trainer<T> trainer, string path, int iterations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ResumeFrom(trainer.Resume, () => trainer.Iteration, path, iterations);
    }

    private static void ResumeFrom(Action<string> resume, Func<long> iteration, string path, int iterations)
    {
        string full = ExistingFile(path);
        try
        {
            resume(full);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--resume: {e.Message}", e);
        }

        if (iteration() >= iterations)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"--iterations {iterations} is not above {iteration()}, the iteration of the checkpoint '{path}': there is nothing left to train; pass a larger --iterations to continue the run."));
        }
    }

    /// <summary>
    /// Adds a check of <paramref name="option"/>'s value: when <paramref name="valid"/> is false, parsing reports
    /// "<c>{name} must {requirement}, but it is {value}.</c>". A value that does not convert is left to the parser's
    /// own error.
    /// </summary>
    /// <typeparam name="TValue">The option's type.</typeparam>
    /// <param name="option">The option.</param>
    /// <param name="valid">Whether a value is acceptable.</param>
    /// <param name="requirement">What a valid value must do, for the message (for example "be positive").</param>
    public static void Require<TValue>(Option<TValue> option, Func<TValue, bool> valid, string requirement)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(valid);
        option.Validators.Add(result =>
        {
            TValue value;
            try
            {
                value = result.GetValueOrDefault<TValue>();
            }
            catch (InvalidOperationException)
            {
                return; // not convertible: the parser reports that already
            }

            if (!valid(value))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must {requirement}, but it is {value}."));
            }
        });
    }
}
