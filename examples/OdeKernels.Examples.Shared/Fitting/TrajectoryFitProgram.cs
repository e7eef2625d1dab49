using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using OdeKernels.Distributed;
using OdeKernels.Terminal;
using OdeKernels.Training;

namespace OdeKernels.Examples.Fitting;

/// <summary>
/// The host of the trajectory-fit examples (Spiral, Lotka-Volterra), written once: it parses the shared command line,
/// picks the Runge-Kutta method <c>--solver</c> names, and trains a fit with Adam on a cosine schedule, resuming from
/// <c>--resume</c>, writing checkpoints and <c>metrics.csv</c> into <c>--out</c>, and showing progress on the console.
/// With <c>--distributed</c> under <c>mpirun</c> it trains data-parallel (<see cref="ShardedTrajectoryFit{TSystem, TTableau, T}"/>):
/// every rank solves its share of each batch, rank 0 alone prints and writes, and a failure on any rank stops all.
/// Exit codes and error lines are those of <see cref="ConsoleProgram"/>: 0, 1 for a failed run, 2 for bad input
/// (reported before anything is written), 130 after Ctrl-C (training finishes its iteration and checkpoints first).
/// </summary>
/// <remarks>Thread safety: a console program's entry point; call it once per process, from its main thread.</remarks>
public static class TrajectoryFitProgram
{
    /// <summary>The training solves' tolerances: tight for float32 (its precision is about 6e-8).</summary>
    public static readonly SolverOptions Solver = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    /// <summary>
    /// Parses <paramref name="args"/> with <paramref name="cli"/> (the shared options plus the example's own) and runs
    /// the fit <paramref name="create"/> makes with the method <c>--solver</c> names.
    /// </summary>
    /// <param name="cli">The command line, the example's options added.</param>
    /// <param name="args">The program's arguments.</param>
    /// <param name="create">Makes the fit from the parse result (for the example's options) and the shared settings.</param>
    /// <returns>The exit code.</returns>
    public static int Run(TrainingCommandLine cli, string[] args, Func<ParseResult, FitSettings, IFitExample> create)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(create);
        var distributed = new Option<bool>("--distributed")
        {
            Description = "data-parallel training over the ranks of mpirun (each rank solves its share of the batch; rank 0 prints and writes)",
        };
        cli.Command.Add(distributed);
        return cli.Invoke(args, (parsed, cancellation) =>
        {
            FitSettings settings = FitSettings.Read(cli, parsed, cancellation);
            if (!parsed.GetValue(distributed))
            {
                return TrainWith(parsed.GetValue(cli.Solver)!, create(parsed, settings));
            }

            using Communicator communicator = StartMpi();
            if (!communicator.IsRoot)
            {
                Console.SetOut(TextWriter.Null);
            }

            try
            {
                return TrainWith(parsed.GetValue(cli.Solver)!, create(parsed, settings with { Communicator = communicator }));
            }
            catch (Exception e) when (!communicator.IsRoot && (e is RankFailedException || e.InnerException is RankFailedException))
            {
                // Every rank stops with the same error; rank 0 prints it.
                return ExitCodes.RunFailed;
            }
        });
    }

    /// <summary>The job's communicator; one rank (with a note) when the program was not started by mpirun.</summary>
    private static Communicator StartMpi()
    {
        Communicator communicator;
        try
        {
            communicator = Communicator.Start();
        }
        catch (MpiException e)
        {
            throw new RunFailedException($"--distributed: {e.Message}", e);
        }

        if (!communicator.UsesMpi)
        {
            Console.Error.WriteLine("note: --distributed without mpirun runs one process; start it as `mpirun -np 4 dotnet <example>.dll --distributed`.");
        }

        return communicator;
    }

    /// <summary>Calls <paramref name="fit"/>'s <see cref="IFitExample.Train{TTableau}"/> with the method named <paramref name="solver"/>.</summary>
    /// <param name="solver">One of <see cref="TrainingCommandLine.Solvers"/>.</param>
    /// <param name="fit">The fit.</param>
    /// <returns>What the fit returns.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="solver"/> is not one of <see cref="TrainingCommandLine.Solvers"/>.</exception>
    public static int TrainWith(string solver, IFitExample fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return solver switch
        {
            "tsit5" => fit.Train<Tsit5>(),
            "dopri5" => fit.Train<Dopri5>(),
            "vern7" => fit.Train<Vern7>(),
            "bosh3" => fit.Train<Bosh3>(),
            _ => throw new ArgumentOutOfRangeException(nameof(solver), solver, $"--solver accepts {string.Join(", ", TrainingCommandLine.Solvers)}."),
        };
    }

    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="objective"/> with Adam at <see cref="FitSettings.LearningRate"/>,
    /// cosine-annealed to a twentieth of it over <see cref="FitSettings.Iterations"/>. With <see cref="FitSettings.Resume"/>
    /// it first restores the checkpoint (bad input if it cannot, or if it leaves nothing to train, or, with
    /// <paramref name="sameSeed"/>, if it was trained with another seed); then it checks that
    /// <see cref="FitSettings.Output"/> is writable and trains, with a progress bar on a terminal and a line every
    /// <paramref name="every"/> iterations elsewhere.
    /// </summary>
    /// <typeparam name="TSystem">The model.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <param name="network">The model, trained in place.</param>
    /// <param name="objective">The loss.</param>
    /// <param name="options">The trainer options: <see cref="FitSettings.ToTrainerOptions"/> and the fit's own.</param>
    /// <param name="settings">The run's settings.</param>
    /// <param name="every">The interval of the plain-text progress lines.</param>
    /// <param name="sameSeed">Whether a resumed run must have the checkpoint's seed (when the data depend on it).</param>
    /// <returns>The result and the time training took.</returns>
    /// <exception cref="UsageException">The checkpoint cannot be resumed from, or <see cref="FitSettings.Output"/> cannot be written.</exception>
    /// <exception cref="RunFailedException">Training failed; the message says after which iteration and names the last checkpoint.</exception>
    public static FitRun Train<TSystem, TTableau>(TSystem network, ITrainingObjective<float> objective, TrainerOptions options, FitSettings settings, int every, bool sameSeed = false)
        where TSystem : IDifferentiableSystem<float>
        where TTableau : struct, IRungeKuttaTableau
    {
        ArgumentNullException.ThrowIfNull(settings);
        var optimizer = new Adam<float>(network.ParameterCount);
        var schedule = new CosineSchedule(settings.LearningRate, settings.LearningRate / 20, settings.Iterations);
        IGradientObjective<float> fit = settings.Communicator is { } communicator
            ? new ShardedTrajectoryFit<TSystem, TTableau, float>(communicator, network, objective, options.Solver, options.Adjoint, options.Layers)
            : new TrajectoryFit<TSystem, TTableau, float>(network, objective, options.Solver, options.Adjoint, options.Layers);
        var trainer = new Trainer<float>(fit, optimizer, schedule, options);
        if (settings.Resume is not null)
        {
            TrainingCommandLine.ResumeFrom(trainer, settings.Resume, settings.Iterations);
            if (sameSeed && trainer.Random.Seed != settings.Seed)
            {
                throw new UsageException($"--resume: the checkpoint was trained with --seed {trainer.Random.Seed}, not {settings.Seed}; the data would differ.");
            }
        }

        ConsoleProgram.OutputDirectory(settings.Output);
        var clock = Stopwatch.StartNew();
        TrainingResult result = TrainingConsole.Run(observer => trainer.Run(settings.Iterations, observer, settings.Cancellation), every);
        clock.Stop();
        return new FitRun(result, clock.Elapsed, settings);
    }
}
