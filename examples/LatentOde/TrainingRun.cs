using System;
using System.IO;
using System.Numerics;
using OdeKernels.Checkpoints;
using OdeKernels.Terminal;
using OdeKernels.Training;

namespace OdeKernels.Examples.LatentOde;

/// <summary>
/// Trains one model of the example in its own directory under --out, as the other examples do: Adam on a cosine
/// schedule to a twentieth of the peak rate, checkpoints every --checkpoint-every iterations and at the end, metrics.csv,
/// the live display, Ctrl-C (a checkpoint, then exit 130) and --resume from the latest checkpoint.
/// </summary>
internal static class TrainingRun
{
    /// <summary>Trains to <paramref name="iterations"/>; false when Ctrl-C stopped it (after a checkpoint).</summary>
    public static bool Train<T>(LatentOdeSettings s, string name, IGradientObjective<T> fit, int iterations, double learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string directory = Path.Combine(s.Output, name);
        var trainer = new Trainer<T>(
            fit, new Adam<T>(fit.ParameterCount), new CosineSchedule(learningRate, learningRate / 20, iterations),
            new TrainerOptions
            {
                Seed = s.Seed, CheckpointDirectory = directory, CheckpointEvery = s.CheckpointEvery,
                MetricsPath = Path.Combine(directory, "metrics.csv"),
            });
        string? latest = s.Resume ? new CheckpointRotation(directory, 3).Latest : null;
        if (latest is not null)
        {
            try
            {
                trainer.Resume(latest);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--resume: {name}: {e.Message}", e);
            }
        }

        ConsoleProgram.OutputDirectory(directory);
        Console.WriteLine(latest is null ? $"{name}: training {iterations} iterations" : $"{name}: resuming at iteration {trainer.Iteration} of {iterations}");
        TrainingResult result = TrainingConsole.Run(observer => trainer.Run(iterations, observer, s.Cancellation), every: Math.Max(1, iterations / 10));
        if (result.Reason == TrainingStopReason.Cancelled)
        {
            Console.WriteLine($"{name}: stopped after iteration {result.Iterations}; checkpoint {result.Checkpoint}. Run again with --resume to continue.");
            return false;
        }

        return true;
    }
}
