using System.Collections.Generic;
using OdeKernels.Training;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// Keeps every iteration's report of a training run, so a peer section can read the solver work (forward and
/// backward evaluations) of the iterations it timed. Shared by the flow and the conv ODE-Net peer sections.
/// </summary>
internal sealed class TrainingRecorder : ITrainingObserver
{
    /// <summary>The reports, one per iteration, in order.</summary>
    public List<TrainingReport> Reports { get; } = [];

    /// <inheritdoc/>
    public void OnStart(TrainingStart start)
    {
    }

    /// <inheritdoc/>
    public void OnIteration(in TrainingReport report) => Reports.Add(report);

    /// <inheritdoc/>
    public void OnCheckpoint(long iteration, string path)
    {
    }

    /// <inheritdoc/>
    public void OnStop(TrainingResult result)
    {
    }
}
