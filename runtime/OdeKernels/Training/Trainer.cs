using System;
using System.IO;
using System.Numerics;
using System.Threading;

namespace OdeKernels.Training;

/// <summary>
/// Trains the parameters of a differentiable system on trajectories: the <see cref="Trainer{T}"/> loop over a
/// <see cref="TrajectoryFit{TSystem, TTableau, T}"/> of the system and the objective, typed by the system and the
/// Runge-Kutta method. Each iteration takes the objective's batch, solves it, scores the solve, takes the gradient with
/// the chosen adjoint, optionally clips it, and lets the optimizer step at the schedule's learning rate. It stops at a
/// loss target, at a number of iterations, or on cancellation, writing a checkpoint in each case (when a directory is
/// set), and reports every iteration to an <see cref="ITrainingObserver"/> and a metrics CSV.
/// </summary>
/// <remarks>
/// A run is deterministic: the solves, the reductions and the optimizer are, and all randomness comes from the
/// checkpointed <see cref="TrainingRandom"/>. Resuming from the checkpoint of iteration k and training to n therefore
/// gives the parameters of an uninterrupted run to n, bit for bit. Checkpoint tensors are named by the system's layers
/// (<see cref="IDifferentiableSystem{T}.Layers"/>) unless <see cref="TrainerOptions.Layers"/> overrides them.
/// <para>Thread safety: not thread-safe; one Run or Resume at a time, and no other thread may use the trained system,
/// the objective or the optimizer while it runs (observers are called on the running thread).</para>
/// </remarks>
/// <typeparam name="TSystem">The differentiable right-hand side (a generated network or a hand-written system).</typeparam>
/// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
public sealed class Trainer<TSystem, TTableau, T>
    where TSystem : IDifferentiableSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Trainer<T> _trainer;
    private readonly TrajectoryFit<TSystem, TTableau, T> _fit;

    /// <summary>Creates a trainer at iteration 0.</summary>
    /// <param name="system">The system whose <see cref="IDifferentiableSystem{T}.Parameters"/> are trained in place.</param>
    /// <param name="objective">The batches and the loss.</param>
    /// <param name="optimizer">The optimizer, created for the system's parameter count.</param>
    /// <param name="schedule">The learning rate of each iteration.</param>
    /// <param name="options">Solver, adjoint, clipping, stopping and saving; null for the defaults.</param>
    /// <exception cref="ArgumentException">The optimizer's parameter count differs from the system's, an option is out of range, or <see cref="TrainerOptions.Layers"/> describes another network.</exception>
    public Trainer(TSystem system, ITrainingObjective<T> objective, IOptimizer<T> optimizer, ILearningRateSchedule schedule, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        options ??= new TrainerOptions();
        ArgumentNullException.ThrowIfNull(options.Solver, "options.Solver");
        _fit = new TrajectoryFit<TSystem, TTableau, T>(system, objective, options.Solver, options.Adjoint, options.Layers);
        _trainer = new Trainer<T>(_fit, optimizer, schedule, options);
    }

    /// <summary>The options.</summary>
    public TrainerOptions Options => _trainer.Options;

    /// <summary>The model name recorded in checkpoints: <see cref="TrainerOptions.ModelName"/>, else the system's type name.</summary>
    public string ModelName => _trainer.ModelName;

    /// <summary>The system being trained.</summary>
    public TSystem System => _fit.System;

    /// <summary>The number of completed iterations (optimizer steps), restored by <see cref="Resume"/>.</summary>
    public long Iteration => _trainer.Iteration;

    /// <summary>The last loss computed, or NaN before the first iteration.</summary>
    public double Loss => _trainer.Loss;

    /// <summary>The run's random stream (restored by <see cref="Resume"/>).</summary>
    public TrainingRandom Random => _trainer.Random;

    /// <inheritdoc cref="Trainer{T}.Run"/>
    public TrainingResult Run(long iterations, ITrainingObserver? observer = null, CancellationToken cancellationToken = default) =>
        _trainer.Run(iterations, observer, cancellationToken);

    /// <inheritdoc cref="Trainer{T}.SaveCheckpoint()"/>
    public string SaveCheckpoint() => _trainer.SaveCheckpoint();

    /// <inheritdoc cref="Trainer{T}.SaveCheckpoint(string)"/>
    public void SaveCheckpoint(string path) => _trainer.SaveCheckpoint(path);

    /// <inheritdoc cref="Trainer{T}.Resume"/>
    /// <exception cref="InvalidDataException">The file is corrupt, of another model or optimizer, or its tensors do not fit the model or the optimizer; the message says which.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public void Resume(string path) => _trainer.Resume(path);
}
