using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using OdeKernels.Terminal;
using OdeKernels.Training;

namespace OdeKernels.Examples.LotkaVolterra;

/// <summary>One training run of the Lotka-Volterra example with its settings.</summary>
internal sealed class LotkaVolterraRun(int iterations, double learningRate, ulong seed, double noise, AdjointMethod adjoint, string output, string? resume, int checkpointEvery, CancellationToken cancellation)
{
    public const int DefaultIterations = 600;

    /// <summary>Samples on [0, TrainEnd], every Spacing.</summary>
    public const double TrainEnd = 5.0, Extrapolate = 10.0, Spacing = 0.1;

    /// <summary>Samples per segment (the first is its initial state) and segments per minibatch.</summary>
    public const int SegmentLength = 11, BatchSize = 16;

    public static readonly SolverOptions Solver = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    public int Train<TTableau>()
        where TTableau : struct, IRungeKuttaTableau
    {
        int samples = (int)Math.Round(TrainEnd / Spacing) + 1;
        double[] sampleTimes = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            sampleTimes[i] = i * Spacing;
        }

        double[] truth = LotkaVolterraData.Truth(sampleTimes);

        // The noise has its own stream, so the data depend on the seed alone and not on the training's draws.
        float[] observed = LotkaVolterraData.Noisy(truth, noise, new TrainingRandom(seed ^ 0xD1B54A32D192ED03UL));
        TrajectoryObjective<float> objective = Segments(observed, samples);
        var network = new LotkaVolterraNet(unchecked((int)seed));
        var optimizer = new Adam<float>(network.ParameterCount);
        var schedule = new CosineSchedule(learningRate, learningRate / 20, iterations);
        string metrics = Path.Combine(output, "metrics.csv");
        var options = new TrainerOptions
        {
            Solver = Solver,
            Adjoint = adjoint,
            Seed = seed,
            ClipNorm = 10,
            CheckpointDirectory = output,
            CheckpointEvery = checkpointEvery,
            MetricsPath = metrics,
        };
        var trainer = new Trainer<LotkaVolterraNet, TTableau, float>(network, objective, optimizer, schedule, options);
        if (resume is not null)
        {
            TrainingCommandLine.ResumeFrom(trainer, resume, iterations);

            if (trainer.Random.Seed != seed)
            {
                throw new UsageException($"--resume: the checkpoint was trained with --seed {trainer.Random.Seed}, not {seed}; the data would differ.");
            }
        }

        ConsoleProgram.OutputDirectory(output);
        var clock = Stopwatch.StartNew();
        TrainingResult result = TrainingConsole.Run(observer => trainer.Run(iterations, observer, cancellation), every: 50);
        clock.Stop();

        (double inside, double outside) = LotkaVolterraPlots.Write(output, network, default(TTableau), sampleTimes, observed, metrics);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Reason} after {result.Iterations} iterations in {clock.Elapsed.TotalSeconds:F1} s; final minibatch loss (MSE) {result.Loss:E3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"relative L2 error against the truth from (1, 1): {100 * inside:F2}% on [0, {TrainEnd}] (training window), {100 * outside:F2}% on ({TrainEnd}, {Extrapolate}] (extrapolation)"));
        Console.WriteLine($"wrote {Path.GetFullPath(output)}: {Path.GetFileName(result.Checkpoint)}, metrics.csv, lotka-volterra.svg, loss.svg");
        return 0;
    }

    /// <summary>Every run of <see cref="SegmentLength"/> consecutive samples, started at its first (the first segment at the known (1, 1)).</summary>
    private static TrajectoryObjective<float> Segments(float[] observed, int samples)
    {
        int segments = samples - SegmentLength + 1;
        float[] times = new float[SegmentLength];
        for (int s = 0; s < SegmentLength; s++)
        {
            times[s] = (float)(s * Spacing);
        }

        float[] starts = new float[segments * 2];
        float[] targets = new float[SegmentLength * segments * 2];
        for (int k = 0; k < segments; k++)
        {
            starts[2 * k] = k == 0 ? 1f : observed[2 * k];
            starts[(2 * k) + 1] = k == 0 ? 1f : observed[(2 * k) + 1];
            for (int s = 0; s < SegmentLength; s++)
            {
                targets[(((s * segments) + k) * 2) + 0] = observed[2 * (k + s)];
                targets[(((s * segments) + k) * 2) + 1] = observed[(2 * (k + s)) + 1];
            }
        }

        return new TrajectoryObjective<float>(times, starts, targets, stateSize: 2, batchSize: BatchSize);
    }
}
