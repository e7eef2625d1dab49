using System;
using System.IO;
using System.Numerics;
using System.Threading;
using OdeKernels.Checkpoints;
using OdeKernels.Terminal;
using OdeKernels.Training;

namespace OdeKernels.Examples.Fitting;

/// <summary>
/// How the examples that train several models (Flows, LatentOde) run each one in its own directory under --out: with
/// --resume it continues from the latest checkpoint there, it says where it starts, shows the live display, and after
/// Ctrl-C says where the checkpoint is and how to continue.
/// </summary>
/// <remarks>Thread safety: a console helper; call it from the program's main thread.</remarks>
public static class DirectoryTraining
{
    /// <summary>The checkpoints kept per directory (the trainer's default rotation).</summary>
    public const int CheckpointsKept = 3;

    /// <summary>
    /// Resumes <paramref name="trainer"/> from the latest checkpoint in <paramref name="directory"/> when
    /// <paramref name="resume"/> is set (and there is one), then trains it to <paramref name="iterations"/>.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="trainer">The trainer, its checkpoint directory <paramref name="directory"/>.</param>
    /// <param name="name">The model's name in the lines printed.</param>
    /// <param name="directory">The model's directory under --out.</param>
    /// <param name="resume">Whether to continue from the latest checkpoint.</param>
    /// <param name="iterations">The total iterations to reach.</param>
    /// <param name="cancellation">Ctrl-C.</param>
    /// <returns>How the run ended; null when Ctrl-C stopped it (after a checkpoint).</returns>
    /// <exception cref="UsageException">The checkpoint cannot be resumed from; the message names it.</exception>
    public static TrainingResult? Run<T>(Trainer<T> trainer, string name, string directory, bool resume, int iterations, CancellationToken cancellation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        string? latest = resume ? new CheckpointRotation(directory, CheckpointsKept).Latest : null;
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
        TrainingResult result = TrainingConsole.Run(observer => trainer.Run(iterations, observer, cancellation), every: Math.Max(1, iterations / 10));
        if (result.Reason == TrainingStopReason.Cancelled)
        {
            Console.WriteLine($"{name}: stopped after iteration {result.Iterations}; checkpoint {result.Checkpoint}. Run again with --resume to continue.");
            return null;
        }

        return result;
    }
}
