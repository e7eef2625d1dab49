using System;
using System.Diagnostics;
using System.Numerics;
using System.Threading;
using OdeKernels.Checkpoints;
using OdeKernels.Reporting;

namespace OdeKernels.Training;

/// <summary>
/// The one training loop: each iteration takes the objective's loss and gradient (<see cref="IGradientObjective{T}.Gradient"/>),
/// optionally clips the gradient, and lets the optimizer step at the schedule's learning rate. It stops at a loss
/// target, at a number of iterations, when the objective says so, or on cancellation, writing a checkpoint in each case
/// (when a directory is set), and reports every iteration to an <see cref="ITrainingObserver"/> and a metrics CSV.
/// Trajectory fits (<see cref="TrajectoryFit{TSystem, TTableau, T}"/>, also through
/// <see cref="Trainer{TSystem, TTableau, T}"/>) and networks trained on a data set (<see cref="Models.SampleFit{T}"/>,
/// also through <see cref="Models.NetworkTraining.Fit{T}"/>) both run here.
/// </summary>
/// <remarks>
/// A run is deterministic: the objective, the reductions and the optimizer are, and all randomness comes from the
/// checkpointed <see cref="TrainingRandom"/>. Resuming from the checkpoint of iteration k and training to n therefore
/// gives the parameters of an uninterrupted run to n, bit for bit. <see cref="TrainerOptions.Solver"/>,
/// <see cref="TrainerOptions.Adjoint"/> and <see cref="TrainerOptions.Layers"/> belong to the objective (a
/// <see cref="TrajectoryFit{TSystem, TTableau, T}"/> takes them); this loop reads the other options.
/// <para>Thread safety: not thread-safe; one Run or Resume at a time, and no other thread may use the objective, its
/// model or the optimizer while it runs (observers are called on the running thread).</para>
/// </remarks>
/// <typeparam name="T">The floating-point type.</typeparam>
public sealed partial class Trainer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IGradientObjective<T> _objective;
    private readonly IOptimizer<T> _optimizer;
    private readonly ILearningRateSchedule _schedule;
    private readonly T[] _gradient;

    /// <summary>Creates a trainer at iteration 0.</summary>
    /// <param name="objective">The parameters, losses and gradients.</param>
    /// <param name="optimizer">The optimizer, created for the objective's parameter count.</param>
    /// <param name="schedule">The learning rate of each iteration.</param>
    /// <param name="options">Clipping, stopping and saving; null for the defaults.</param>
    /// <exception cref="ArgumentException">The optimizer's parameter count differs from the objective's, or an option is out of range.</exception>
    public Trainer(IGradientObjective<T> objective, IOptimizer<T> optimizer, ILearningRateSchedule schedule, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        options ??= new TrainerOptions();
        if (optimizer.ParameterCount != objective.ParameterCount)
        {
            throw new ArgumentException($"optimizer was created for {optimizer.ParameterCount} parameters, but the model has {objective.ParameterCount}.", nameof(optimizer));
        }

        if (options.ClipNorm is { } clip)
        {
            TrainingArguments.Positive(clip, "options.ClipNorm");
        }

        if (options.LossTarget is { } target)
        {
            TrainingArguments.NonNegative(target, "options.LossTarget");
        }

        if (options.CheckpointEvery < 0)
        {
            throw new ArgumentException($"options.CheckpointEvery must be non-negative, but it is {options.CheckpointEvery}.", nameof(options));
        }

        if (options.CheckpointsKept <= 0)
        {
            throw new ArgumentException($"options.CheckpointsKept must be positive, but it is {options.CheckpointsKept}.", nameof(options));
        }

        _objective = objective;
        _optimizer = optimizer;
        _schedule = schedule;
        _gradient = new T[objective.ParameterCount];
        Options = options;
        ModelName = options.ModelName ?? objective.ModelName;
        Random = new TrainingRandom(options.Seed);
        Rotation = options.CheckpointDirectory is null ? null : new CheckpointRotation(options.CheckpointDirectory, options.CheckpointsKept);
        IsWriter = (options.Communicator?.Rank ?? 0) == 0;
    }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The model name recorded in checkpoints: <see cref="TrainerOptions.ModelName"/>, else the objective's.</summary>
    public string ModelName { get; }

    /// <summary>What is trained.</summary>
    public IGradientObjective<T> Objective => _objective;

    /// <summary>The number of completed iterations (optimizer steps), restored by <see cref="Resume"/>.</summary>
    public long Iteration { get; private set; }

    /// <summary>The last loss computed, or NaN before the first iteration.</summary>
    public double Loss { get; private set; } = double.NaN;

    /// <summary>The run's random stream (restored by <see cref="Resume"/>).</summary>
    public TrainingRandom Random { get; private set; }

    private CheckpointRotation? Rotation { get; }

    // Rank 0 of a data-parallel run (or the only process) writes checkpoints and metrics; the ranks hold the same bits.
    private bool IsWriter { get; }

    // The rotation Run writes to: none on a rank other than 0.
    private CheckpointRotation? RunRotation => IsWriter ? Rotation : null;

    /// <summary>
    /// Trains until <see cref="Iteration"/> reaches <paramref name="iterations"/>, the loss of a complete batch reaches
    /// <see cref="TrainerOptions.LossTarget"/>, the objective stops the run (<see cref="IGradientObjective{T}.AfterStep"/>),
    /// or <paramref name="cancellationToken"/> fires (checked before each iteration; the iteration in progress
    /// finishes first). A checkpoint is written when it stops, for any reason (by rank 0 alone when
    /// <see cref="TrainerOptions.Communicator"/> is set). Before the first iteration, temporary
    /// files that killed saves left in the checkpoint directory are deleted
    /// (<see cref="CheckpointRotation.RemoveAbandonedTemporaryFiles"/>).
    /// </summary>
    /// <param name="iterations">The total number of iterations to reach, counting those before a resume (positive).</param>
    /// <param name="observer">Receives progress; null for none.</param>
    /// <param name="cancellationToken">Stops the run between iterations.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="ArgumentException"><paramref name="iterations"/> is not positive.</exception>
    /// <exception cref="OdeSolveException">A solve failed (the parameters are those before the failing iteration).</exception>
    public TrainingResult Run(long iterations, ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        if (iterations <= 0)
        {
            throw new ArgumentException($"iterations must be positive, but it is {iterations}.", nameof(iterations));
        }

        // Saves that a killed run left half done; saves in progress elsewhere are spared (see the method).
        RunRotation?.RemoveAbandonedTemporaryFiles();
        observer?.OnStart(new TrainingStart(ModelName, _objective.Tableau, _objective.Adjoint, _objective.ParameterCount, Iteration, iterations));
        var clock = Stopwatch.StartNew();
        using MetricsCsvWriter? metrics = OpenMetrics();
        Span<double> row = stackalloc double[TrainingReport.MetricNames.Length];
        TrainingStopReason reason = TrainingStopReason.MaxIterations;
        while (Iteration < iterations)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                reason = TrainingStopReason.Cancelled;
                break;
            }

            if (!Step(iterations, clock, out TrainingReport report))
            {
                reason = TrainingStopReason.LossTarget;
                break;
            }

            report.ToMetrics(row);
            metrics?.WriteRow(report.Iteration, row);
            observer?.OnIteration(report);
            if (_objective.AfterStep(Iteration) is { } stop)
            {
                reason = stop;
                break;
            }

            if (RunRotation is not null && Options.CheckpointEvery > 0 && Iteration % Options.CheckpointEvery == 0 && Iteration < iterations)
            {
                string periodic = SaveCheckpoint();
                observer?.OnCheckpoint(Iteration, periodic);
            }
        }

        string? checkpoint = null;
        if (RunRotation is not null)
        {
            checkpoint = SaveCheckpoint();
            observer?.OnCheckpoint(Iteration, checkpoint);
        }

        var result = new TrainingResult(reason, Iteration, Loss, clock.Elapsed.TotalSeconds, checkpoint);
        observer?.OnStop(result);
        return result;
    }

    /// <summary>One iteration; false (and no step) when a complete batch already meets the loss target.</summary>
    private bool Step(long total, Stopwatch clock, out TrainingReport report)
    {
        long started = Stopwatch.GetTimestamp();
        TrainingStep step = _objective.Gradient(Iteration, Random, _gradient);
        Loss = step.Loss;
        if (step.IsComplete && Options.LossTarget is { } target && step.Loss <= target)
        {
            report = default;
            return false;
        }

        double norm = Options.ClipNorm is { } clip
            ? GradientClipping.ClipByNorm<T>(_gradient, clip)
            : GradientClipping.Norm<T>(_gradient);
        double rate = _schedule.Rate(Iteration);
        _optimizer.Step(_objective.Parameters, _gradient, rate);
        Iteration++;
        report = new TrainingReport(
            Iteration, total, step.Loss, rate, norm, step.ForwardEvaluations, step.BackwardEvaluations, step.AcceptedSteps, step.RejectedSteps,
            Stopwatch.GetElapsedTime(started).TotalSeconds, clock.Elapsed.TotalSeconds);
        return true;
    }

    private MetricsCsvWriter? OpenMetrics()
    {
        if (Options.MetricsPath is not { } path || !IsWriter)
        {
            return null;
        }

        // A resumed run keeps the rows up to its checkpoint and drops those the interrupted run wrote after it.
        return Iteration == 0
            ? MetricsCsvWriter.Create(path, TrainingReport.MetricNames)
            : MetricsCsvWriter.Resume(path, TrainingReport.MetricNames, Iteration);
    }
}
