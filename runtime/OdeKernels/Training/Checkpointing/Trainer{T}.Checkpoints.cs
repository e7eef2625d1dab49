using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using OdeKernels.Checkpoints;

namespace OdeKernels.Training;

public sealed partial class Trainer<T>
{
    /// <summary>The prefixes of the tensors that the trainer, not the objective, writes into a checkpoint.</summary>
    private static readonly string[] TrainerPrefixes = [TrainingCheckpoint.OptimizerPrefix, TrainingCheckpoint.RandomPrefix];

    /// <summary>
    /// Writes the checkpoint of the current <see cref="Iteration"/> into <see cref="TrainerOptions.CheckpointDirectory"/>
    /// (atomically; older ones beyond <see cref="TrainerOptions.CheckpointsKept"/> are deleted afterwards).
    /// </summary>
    /// <returns>The file written.</returns>
    /// <exception cref="InvalidOperationException">No checkpoint directory was set.</exception>
    public string SaveCheckpoint()
    {
        if (Rotation is null)
        {
            throw new InvalidOperationException("No checkpoint directory is set (TrainerOptions.CheckpointDirectory).");
        }

        return Rotation.Save(Iteration, CheckpointTensors(), CheckpointMetadata());
    }

    /// <summary>Writes the checkpoint of the current state to <paramref name="path"/> (atomically).</summary>
    /// <param name="path">The file to create or replace; its directory must exist.</param>
    public void SaveCheckpoint(string path) => SafeTensorsFile.Write(path, CheckpointTensors(), CheckpointMetadata());

    /// <summary>
    /// Restores parameters (and the objective's state), optimizer state, random stream and iteration from a checkpoint
    /// written by a trainer of the same model. Everything is checked before anything changes.
    /// </summary>
    /// <param name="path">The checkpoint.</param>
    /// <exception cref="InvalidDataException">The file is corrupt, of another model or optimizer, or its tensors do not fit the model or the optimizer; the message says which.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public void Resume(string path)
    {
        SafeTensorsFile file = TrainingCheckpoint.Read(path, ModelName);
        long iteration = TrainingCheckpoint.Iteration(file);
        TrainingRandom random = TrainingCheckpoint.RestoreRandom(file);
        Action install;
        try
        {
            install = _objective.Restore(file, TrainerPrefixes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        try
        {
            TrainingCheckpoint.CheckOptimizer(file, _optimizer.GetType());
            OptimizerCheckpoint.Restore(_optimizer, file, TrainingCheckpoint.OptimizerPrefix);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: the optimizer state does not fit this run's {TrainingCheckpoint.OptimizerName(_optimizer.GetType())}: {e.Message}", e);
        }

        install();
        Random = random;
        Iteration = iteration;
        Loss = file.Metadata.TryGetValue(TrainingCheckpoint.LossKey, out string? loss)
            && double.TryParse(loss, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;
    }

    private List<SafeTensor> CheckpointTensors()
    {
        var tensors = new List<SafeTensor>();
        tensors.AddRange(_objective.ToTensors());
        tensors.AddRange(OptimizerCheckpoint.ToTensors(_optimizer, TrainingCheckpoint.OptimizerPrefix));
        tensors.AddRange(TrainingCheckpoint.RandomTensors(Random));
        return tensors;
    }

    private Dictionary<string, string> CheckpointMetadata() => new(StringComparer.Ordinal)
    {
        [TrainingCheckpoint.FormatKey] = TrainingCheckpoint.FormatValue,
        [TrainingCheckpoint.ModelKey] = ModelName,
        [TrainingCheckpoint.TableauKey] = _objective.Tableau,
        [TrainingCheckpoint.AdjointKey] = _objective.Adjoint.ToString(),
        [TrainingCheckpoint.IterationKey] = Iteration.ToString(CultureInfo.InvariantCulture),
        [TrainingCheckpoint.LossKey] = Loss.ToString("R", CultureInfo.InvariantCulture),
        [TrainingCheckpoint.VersionKey] = TrainingCheckpoint.LibraryVersion,
        [TrainingCheckpoint.DTypeKey] = typeof(T) == typeof(float) ? "F32" : "F64",
        [TrainingCheckpoint.OptimizerKey] = TrainingCheckpoint.OptimizerName(_optimizer.GetType()),
    };
}
