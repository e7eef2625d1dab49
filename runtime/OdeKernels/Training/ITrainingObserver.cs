namespace OdeKernels.Training;

/// <summary>
/// Receives a training run's progress, so that the user interface is pluggable: a progress bar on a terminal, one
/// line per report in a log, nothing in a test. Calls come from the training thread, in order: <see cref="OnStart"/>,
/// then <see cref="OnIteration"/> and <see cref="OnCheckpoint"/> as they happen, then <see cref="OnStop"/>.
/// </summary>
/// <remarks>Thread safety: called on the thread running Trainer.Run, in order, never concurrently by one
/// trainer.</remarks>
public interface ITrainingObserver
{
    /// <summary>The run starts.</summary>
    /// <param name="start">What it will do.</param>
    void OnStart(TrainingStart start);

    /// <summary>An iteration finished (its step is applied).</summary>
    /// <param name="report">What it did.</param>
    void OnIteration(in TrainingReport report);

    /// <summary>A checkpoint was written.</summary>
    /// <param name="iteration">The iterations completed at the checkpoint.</param>
    /// <param name="path">The file.</param>
    void OnCheckpoint(long iteration, string path);

    /// <summary>The run stopped.</summary>
    /// <param name="result">How it ended.</param>
    void OnStop(TrainingResult result);
}
