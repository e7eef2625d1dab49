using System;
using System.Globalization;
using OdeKernels.Training;
using Spectre.Console;

namespace OdeKernels.Terminal;

/// <summary>Shows a run as a Spectre.Console progress bar whose description carries the latest loss and work counts.</summary>
/// <remarks>Thread safety: not thread-safe; it updates one progress task; one observer per trainer, called on the
/// training thread.</remarks>
public sealed class SpectreTrainingObserver : ITrainingObserver
{
    private readonly ProgressContext _context;
    private ProgressTask? _task;

    /// <summary>Creates the observer inside a running <see cref="Progress"/> display.</summary>
    /// <param name="context">The display's context.</param>
    public SpectreTrainingObserver(ProgressContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <inheritdoc/>
    public void OnStart(TrainingStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        _task = _context.AddTask(Markup.Escape($"{start.Model} · {start.Tableau} · {start.Adjoint}"), maxValue: start.TotalIterations);
        _task.Value = start.StartIteration;
    }

    /// <inheritdoc/>
    public void OnIteration(in TrainingReport report)
    {
        if (_task is null)
        {
            return;
        }

        _task.Value = report.Iteration;
        _task.Description = Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"loss {report.Loss:E3}  lr {report.LearningRate:E1}  fwd {report.ForwardEvaluations}  bwd {report.BackwardEvaluations}  steps {report.AcceptedSteps}+{report.RejectedSteps}"));
    }

    /// <inheritdoc/>
    public void OnCheckpoint(long iteration, string path)
    {
    }

    /// <inheritdoc/>
    public void OnStop(TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_task is not null)
        {
            _task.Value = result.Iterations;
            _task.StopTask();
        }
    }
}
