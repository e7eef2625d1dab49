using System;
using System.Diagnostics;
using System.Numerics;
using System.Threading;
using OdeKernels.Reporting;

namespace OdeKernels.Training;

/// <summary>
/// Trains the parameters of a differentiable system: each iteration takes the objective's batch, solves it, scores
/// the solve, takes the gradient with <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, LossFunction{T}, SolverOptions?, AdjointMethod, int)"/> and the chosen adjoint,
/// optionally clips it, and lets the optimizer step at the schedule's learning rate. It stops at a loss target, at
/// a number of iterations, or on cancellation, writing a checkpoint in each case (when a directory is set), and
/// reports every iteration to an <see cref="ITrainingObserver"/> and a metrics CSV.
/// </summary>
/// <remarks>
/// A run is deterministic: the solves, the reductions and the optimizer are, and all randomness comes from the
/// checkpointed <see cref="TrainingRandom"/>. Resuming from the checkpoint of iteration k and training to n therefore
/// gives the parameters of an uninterrupted run to n, bit for bit. Each iteration solves forward once: the gradient
/// overload that takes a <see cref="LossFunction{T}"/> applies the objective to its own forward solution.
/// <para>Thread safety: not thread-safe; one Run or Resume at a time, and no other thread may use the trained system,
/// the objective or the optimizer while it runs (observers are called on the running thread).</para>
/// </remarks>
/// <typeparam name="TSystem">The differentiable right-hand side (a generated network or a hand-written system).</typeparam>
/// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
public sealed partial class Trainer<TSystem, TTableau, T>
    where TSystem : IDifferentiableSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TSystem _system;
    private readonly ITrainingObjective<T> _objective;
    private readonly IOptimizer<T> _optimizer;
    private readonly ILearningRateSchedule _schedule;

    /// <summary>Creates a trainer at iteration 0.</summary>
    /// <param name="system">The system whose <see cref="IDifferentiableSystem{T}.Parameters"/> are trained in place.</param>
    /// <param name="objective">The batches and the loss.</param>
    /// <param name="optimizer">The optimizer, created for the system's parameter count.</param>
    /// <param name="schedule">The learning rate of each iteration.</param>
    /// <param name="options">Solver, adjoint, clipping, stopping and saving; null for the defaults.</param>
    /// <exception cref="ArgumentException">The optimizer's parameter count differs from the system's, or an option is out of range.</exception>
    public Trainer(TSystem system, ITrainingObjective<T> objective, IOptimizer<T> optimizer, ILearningRateSchedule schedule, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        options ??= new TrainerOptions();
        if (optimizer.ParameterCount != system.ParameterCount)
        {
            throw new ArgumentException($"optimizer was created for {optimizer.ParameterCount} parameters, but the system has {system.ParameterCount}.", nameof(optimizer));
        }

        ArgumentNullException.ThrowIfNull(options.Solver, "options.Solver");
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

        _system = system;
        _objective = objective;
        _optimizer = optimizer;
        _schedule = schedule;
        Options = options;
        ModelName = options.ModelName ?? typeof(TSystem).Name;
        Random = new TrainingRandom(options.Seed);
        Rotation = options.CheckpointDirectory is null ? null : new Checkpoints.CheckpointRotation(options.CheckpointDirectory, options.CheckpointsKept);
        if (options.Layers is not null)
        {
            // Fails now, not at the first checkpoint, when the layers describe another network.
            _ = Checkpoints.ModelCheckpoint.ToTensors<T>(system.Parameters, options.Layers);
        }
    }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The model name recorded in checkpoints.</summary>
    public string ModelName { get; }

    /// <summary>The system being trained.</summary>
    public TSystem System => _system;

    /// <summary>The number of completed iterations (optimizer steps), restored by <see cref="Resume"/>.</summary>
    public long Iteration { get; private set; }

    /// <summary>The last loss computed, or NaN before the first iteration.</summary>
    public double Loss { get; private set; } = double.NaN;

    /// <summary>The run's random stream (restored by <see cref="Resume"/>).</summary>
    public TrainingRandom Random { get; private set; }

    private Checkpoints.CheckpointRotation? Rotation { get; }

    /// <summary>
    /// Trains until <see cref="Iteration"/> reaches <paramref name="iterations"/>, the loss of a complete batch reaches
    /// <see cref="TrainerOptions.LossTarget"/>, or <paramref name="cancellationToken"/> fires (checked before each
    /// iteration; the iteration in progress finishes first). A checkpoint is written when it stops, for any reason.
    /// Before the first iteration, temporary files that killed saves left in the checkpoint directory are deleted
    /// (<see cref="Checkpoints.CheckpointRotation.RemoveAbandonedTemporaryFiles"/>).
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
        Rotation?.RemoveAbandonedTemporaryFiles();
        observer?.OnStart(new TrainingStart(ModelName, TTableau.Info.Name, Options.Adjoint, _system.ParameterCount, Iteration, iterations));
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
            if (Rotation is not null && Options.CheckpointEvery > 0 && Iteration % Options.CheckpointEvery == 0 && Iteration < iterations)
            {
                string periodic = SaveCheckpoint();
                observer?.OnCheckpoint(Iteration, periodic);
            }
        }

        string? checkpoint = null;
        if (Rotation is not null)
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
        TrainingBatch<T> batch = _objective.NextBatch(Iteration, Random);
        // One forward solve: the loss and dL/dy come from the solution the gradient is taken at.
        Gradient<T> gradient = Ode.Gradient(
            _system, default(TTableau), batch.InitialStates, batch.SaveAt, (prediction, dLdY) => _objective.Loss(batch, prediction, dLdY), Options.Solver, Options.Adjoint);
        double loss = gradient.Loss;
        Loss = loss;
        if (batch.IsComplete && Options.LossTarget is { } target && loss <= target)
        {
            report = default;
            return false;
        }

        double norm = Options.ClipNorm is { } clip
            ? GradientClipping.ClipByNorm<T>(gradient.Parameters, clip)
            : GradientClipping.Norm<T>(gradient.Parameters);
        double rate = _schedule.Rate(Iteration);
        _optimizer.Step(_system.Parameters, gradient.Parameters, rate);
        Iteration++;
        SolverStats forward = gradient.Solution.Stats;
        report = new TrainingReport(
            Iteration, total, loss, rate, norm, forward.Evaluations, gradient.BackwardStats.Evaluations, forward.AcceptedSteps, forward.RejectedSteps,
            Stopwatch.GetElapsedTime(started).TotalSeconds, clock.Elapsed.TotalSeconds);
        return true;
    }

    private MetricsCsvWriter? OpenMetrics()
    {
        if (Options.MetricsPath is not { } path)
        {
            return null;
        }

        // A resumed run keeps the rows up to its checkpoint and drops those the interrupted run wrote after it.
        return Iteration == 0
            ? MetricsCsvWriter.Create(path, TrainingReport.MetricNames)
            : MetricsCsvWriter.Resume(path, TrainingReport.MetricNames, Iteration);
    }
}
