using System;
using System.Globalization;
using System.IO;

namespace OdeKernels.Training;

/// <summary>
/// Writes a run's progress as plain lines, for logs, pipes and CI (where a progress bar would print escape codes):
/// one line every <see cref="Every"/> iterations and at the last, one per checkpoint, and a summary at the end.
/// </summary>
/// <remarks>Thread safety: not thread-safe (it writes to one TextWriter); one observer per trainer.</remarks>
public sealed class PlainTextTrainingObserver : ITrainingObserver
{
    private readonly TextWriter _writer;
    private long _total;

    /// <summary>Creates the observer.</summary>
    /// <param name="writer">Where the lines go (for example <see cref="Console.Out"/>).</param>
    /// <param name="every">Report every this many iterations (positive).</param>
    /// <exception cref="ArgumentException"><paramref name="every"/> is not positive.</exception>
    public PlainTextTrainingObserver(TextWriter writer, int every = 10)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (every <= 0)
        {
            throw new ArgumentException($"every must be positive, but it is {every}.", nameof(every));
        }

        _writer = writer;
        Every = every;
    }

    /// <summary>The reporting interval in iterations.</summary>
    public int Every { get; }

    /// <inheritdoc/>
    public void OnStart(TrainingStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        _total = start.TotalIterations;
        string from = start.StartIteration > 0 ? string.Create(CultureInfo.InvariantCulture, $", resuming at iteration {start.StartIteration}") : string.Empty;
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training {start.Model} ({start.ParameterCount} parameters) with {start.Tableau} and the {start.Adjoint} adjoint to iteration {start.TotalIterations}{from}"));
    }

    /// <inheritdoc/>
    public void OnIteration(in TrainingReport report)
    {
        if (report.Iteration % Every == 0 || report.Iteration == _total || report.Iteration == 1)
        {
            _writer.WriteLine(Format(report));
        }
    }

    /// <inheritdoc/>
    public void OnCheckpoint(long iteration, string path) =>
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkpoint {iteration}: {path}"));

    /// <inheritdoc/>
    public void OnStop(TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string why = result.Reason switch
        {
            TrainingStopReason.LossTarget => "reached the loss target",
            TrainingStopReason.Cancelled => "cancelled",
            _ => "reached the iteration limit",
        };
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped at iteration {result.Iterations} ({why}): loss {result.Loss:E3}, {result.Seconds:F1} s"));
    }

    /// <summary>The one-line form of a report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>For example <c>iter 40/300  loss 1.234E-002  lr 5.00E-002  |g| 3.1E-001  fwd 1234  bwd 2345  steps 50+2  12.3 ms</c>.</returns>
    public static string Format(in TrainingReport report) => string.Create(
        CultureInfo.InvariantCulture,
        $"iter {report.Iteration}/{report.TotalIterations}  loss {report.Loss:E3}  lr {report.LearningRate:E2}  |g| {report.GradientNorm:E2}  fwd {report.ForwardEvaluations}  bwd {report.BackwardEvaluations}  steps {report.AcceptedSteps}+{report.RejectedSteps}  {report.Seconds * 1000:F1} ms");
}
