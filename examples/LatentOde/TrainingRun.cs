using System.IO;
using System.Numerics;
using OdeKernels.Examples.Fitting;
using OdeKernels.Training;

namespace OdeKernels.Examples.LatentOde;

/// <summary>
/// Trains one model of the example in its own directory under --out, as the other examples do: Adam on a cosine
/// schedule to a twentieth of the peak rate, checkpoints every --checkpoint-every iterations and at the end, metrics.csv,
/// the live display, Ctrl-C (a checkpoint, then exit 130) and --resume from the latest checkpoint
/// (<see cref="DirectoryTraining"/>).
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
                CheckpointsKept = DirectoryTraining.CheckpointsKept, MetricsPath = Path.Combine(directory, "metrics.csv"),
            });
        return DirectoryTraining.Run(trainer, name, directory, s.Resume, iterations, s.Cancellation) is not null;
    }
}
