using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using OdeKernels.Training;

namespace OdeKernels.Terminal;

/// <summary>
/// The command line shared by the training examples (System.CommandLine): <c>--solver</c>, <c>--adjoint</c>,
/// <c>--iterations</c>, <c>--learning-rate</c>, <c>--seed</c>, <c>--out</c>, <c>--resume</c>,
/// <c>--checkpoint-every</c> and <c>--help</c>; an example adds its own options to <see cref="Command"/>. Bad input
/// ends the program with one line on standard error and exit code <see cref="UsageError"/>, before anything is written.
/// </summary>
/// <remarks>Thread safety: build and parse it on one thread; its options are not changed after construction, so reading
/// them afterwards is safe.</remarks>
public sealed class TrainingCommandLine
{
    /// <summary>The exit code of a usage error: an unknown option, a bad value, an unusable checkpoint.</summary>
    public const int UsageError = 2;

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
    /// Parses <paramref name="args"/>; on an error prints one line to standard error and returns
    /// <see cref="UsageError"/>; for <c>--help</c> prints the help and returns 0; otherwise returns what
    /// <paramref name="run"/> returns. <paramref name="run"/> may throw <see cref="UsageException"/> for bad input
    /// found later (an unreadable checkpoint, one of another model), which is reported the same way.
    /// </summary>
    /// <param name="args">The program's arguments.</param>
    /// <param name="run">The program.</param>
    /// <returns>The exit code.</returns>
    public int Invoke(string[] args, Func<ParseResult, int> run)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(run);
        ParseResult result = Command.Parse(args);
        if (result.Errors.Count > 0)
        {
            return Fail(result.Errors[0].Message);
        }

        Command.SetAction(parsed =>
        {
            try
            {
                return run(parsed);
            }
            catch (UsageException e)
            {
                return Fail(e.Message);
            }
        });
        return result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    /// <summary>
    /// Checks that <paramref name="path"/> names a readable file and returns its full path.
    /// </summary>
    /// <param name="path">The <c>--resume</c> value.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="UsageException">The file does not exist.</exception>
    public static string ExistingFile(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new UsageException($"--resume: no such file '{path}'.");
        }

        return full;
    }

    private static int Fail(string message)
    {
        // One line, single-spaced: the parser's messages may hold tabs and line breaks.
        Console.Error.WriteLine("error: " + string.Join(' ', message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        return UsageError;
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
