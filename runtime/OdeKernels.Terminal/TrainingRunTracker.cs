using System;
using System.Globalization;
using OdeKernels.Training;

namespace OdeKernels.Terminal;

/// <summary>
/// Passes a run's reports on to a display and remembers how far the run got and its last checkpoint, so that a
/// failure can be reported in one line that says where it happened and what is safe on disk.
/// </summary>
internal sealed class TrainingRunTracker(ITrainingObserver inner) : ITrainingObserver
{
    private long _iteration;
    private long _total;
    private long _checkpointIteration;
    private string? _checkpoint;

    /// <summary>Runs <paramref name="train"/> with <paramref name="display"/>, turning what it throws into <see cref="RunFailedException"/>.</summary>
    public static TResult Run<TResult>(ITrainingObserver display, Func<ITrainingObserver, TResult> train)
    {
        var tracker = new TrainingRunTracker(display);
        try
        {
            return train(tracker);
        }
        catch (Exception e) when (e is not (UsageException or RunFailedException or OperationCanceledException))
        {
            throw new RunFailedException(tracker.Describe(e), e);
        }
    }

    public void OnStart(TrainingStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        _iteration = start.StartIteration;
        _total = start.TotalIterations;
        inner.OnStart(start);
    }

    public void OnIteration(in TrainingReport report)
    {
        _iteration = report.Iteration;
        inner.OnIteration(report);
    }

    public void OnCheckpoint(long iteration, string path)
    {
        _checkpointIteration = iteration;
        _checkpoint = path;
        inner.OnCheckpoint(iteration, path);
    }

    public void OnStop(TrainingResult result) => inner.OnStop(result);

    private string Describe(Exception e)
    {
        string saved = _checkpoint is null
            ? "no checkpoint was written by this run"
            : string.Create(CultureInfo.InvariantCulture, $"the last checkpoint written is '{_checkpoint}' (iteration {_checkpointIteration})");
        string cause = e is OdeSolveException or System.IO.IOException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        return string.Create(CultureInfo.InvariantCulture, $"training failed after iteration {_iteration} of {_total}: {cause.TrimEnd('.')}; {saved}.");
    }
}
