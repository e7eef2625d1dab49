using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using OdeKernels.Checkpoints;
using OdeKernels.Terminal;
using OdeKernels.Training;

namespace OdeKernels.Examples.Spiral;

/// <summary>One training run of the spiral example with its settings.</summary>
internal sealed class SpiralRun(int iterations, double learningRate, ulong seed, int points, AdjointMethod adjoint, string output, string? resume, int checkpointEvery, CancellationToken cancellation)
{
    public const int DefaultIterations = 300;

    /// <summary>The solver's tolerances: tight for float32 (its precision is about 6e-8).</summary>
    public static readonly SolverOptions Solver = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    /// <summary>Stop early once the mean squared error over all points is 0.05% of the data's mean square (the fit must reach 1%).</summary>
    public const double TargetFraction = 5e-4;

    public int Train<TTableau>()
        where TTableau : struct, IRungeKuttaTableau
    {
        (float[] times, float[] data) = SpiralData.Generate(points);
        double dataSquares = 0;
        foreach (float y in data)
        {
            dataSquares += (double)y * y;
        }

        var network = new SpiralNet(unchecked((int)seed));
        int first = Math.Min(4, points);
        long growUntil = Math.Max(1, iterations / 2);
        var objective = new TrajectoryObjective<float>(times, [2f, 0f], data, stateSize: 2,
            window: i => first + (int)((points - first) * Math.Min(1.0, (double)(i + 1) / growUntil)));
        var optimizer = new Adam<float>(network.ParameterCount);
        var schedule = new CosineSchedule(learningRate, learningRate / 20, iterations);
        string metrics = Path.Combine(output, "metrics.csv");
        var options = new TrainerOptions
        {
            Solver = Solver,
            Adjoint = adjoint,
            Seed = seed,
            LossTarget = TargetFraction * dataSquares / data.Length,
            CheckpointDirectory = output,
            CheckpointEvery = checkpointEvery,
            MetricsPath = metrics,
        };
        var trainer = new Trainer<SpiralNet, TTableau, float>(network, objective, optimizer, schedule, options);
        if (resume is not null)
        {
            TrainingCommandLine.ResumeFrom(trainer, resume, iterations);
        }

        ConsoleProgram.OutputDirectory(output);
        var clock = Stopwatch.StartNew();
        TrainingResult result = TrainingConsole.Run(observer => trainer.Run(iterations, observer, cancellation), every: 25);
        clock.Stop();

        // The fit at all points, whatever window the run ended on.
        Solution<float> fit = Ode.Solve(network, default(TTableau), [2f, 0f], times, Solver);
        double squaredError = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double e = (double)fit.States[i] - data[i];
            squaredError += e * e;
        }

        SpiralPlots.Write(output, times, data, network, default(TTableau), metrics);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Reason} after {result.Iterations} iterations in {clock.Elapsed.TotalSeconds:F1} s; final loss (MSE) {result.Loss:E3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sum of squared errors at the {points} points: {squaredError:G4}; data sum of squares: {dataSquares:G4}; ratio {100 * squaredError / dataSquares:F3}% (fit threshold 1%)"));
        Console.WriteLine($"wrote {Path.GetFullPath(output)}: {Path.GetFileName(result.Checkpoint)}, metrics.csv, spiral.svg, phase.svg, loss.svg");
        return 0;
    }
}
