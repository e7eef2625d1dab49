using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Adjoints;
using OdeKernels.Checkpoints;
using OdeKernels.Solving;
using OdeKernels.Training;

namespace OdeKernels.Distributed;

/// <summary>
/// A <see cref="TrajectoryFit{TSystem, TTableau, T}"/> whose batch is split across ranks (data parallelism): every
/// rank draws the whole batch from the run's random stream (so the stream and the batch do not depend on the rank
/// count), solves its lanes (<see cref="Distributed.LaneRange(int, int, int, int)"/>), and the ranks gather their predictions so that
/// every rank computes the loss and dL/dy of the whole batch exactly as one process does; each rank then takes the
/// gradient of its lanes, the ranks exchange their blocks' sums and add them in block order, and every rank's trainer
/// takes the same step.
/// Pass the same communicator as <see cref="TrainerOptions.Communicator"/> so that rank 0 alone writes checkpoints and
/// metrics. Checkpoints are those of the unsharded fit: a run resumes with any number of ranks.
/// </summary>
/// <remarks>
/// The loss, every lane's solve and the summed gradient are bitwise those of a single process (the ranks add all
/// blocks' sums in block order, see <see cref="Distributed"/>), so the parameters after n iterations are the
/// single-process parameters bit for bit, for any rank count. A failure on any rank (an <see cref="OdeSolveException"/>,
/// a bad input) makes every rank throw the same <see cref="RankFailedException"/> at the next collective.
/// <para>Thread safety: not thread-safe; it trains the system in place; one trainer per rank.</para>
/// </remarks>
/// <typeparam name="TSystem">The differentiable right-hand side.</typeparam>
/// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed class ShardedTrajectoryFit<TSystem, TTableau, T> : IGradientObjective<T>
    where TSystem : IDifferentiableSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ITrainingCommunicator _communicator;
    private readonly TrajectoryFit<TSystem, TTableau, T> _fit;
    private readonly ITrainingObjective<T> _objective;
    private readonly SolverOptions _solver;

    /// <summary>Creates the fit (the arguments after <paramref name="communicator"/> are those of <see cref="TrajectoryFit{TSystem, TTableau, T}"/>).</summary>
    /// <param name="communicator">The ranks; every rank creates the fit with the same system parameters and objective.</param>
    /// <param name="system">The system whose parameters are trained in place (the same on every rank).</param>
    /// <param name="objective">The batches and the loss (the same on every rank).</param>
    /// <param name="solver">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <param name="adjoint">How gradients are taken through the solve.</param>
    /// <param name="layers">The layers that name the checkpoint tensors; null for the system's own.</param>
    /// <exception cref="ArgumentException"><paramref name="layers"/> describes another network.</exception>
    public ShardedTrajectoryFit(ITrainingCommunicator communicator, TSystem system, ITrainingObjective<T> objective, SolverOptions? solver = null, AdjointMethod adjoint = AdjointMethod.Backsolve, IReadOnlyList<DynamicsLayer>? layers = null)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        _fit = new TrajectoryFit<TSystem, TTableau, T>(system, objective, solver, adjoint, layers);
        _communicator = communicator;
        _objective = objective;
        _solver = solver ?? SolverOptions.Default;
    }

    /// <summary>The system being trained.</summary>
    public TSystem System => _fit.System;

    /// <summary>The ranks.</summary>
    public ITrainingCommunicator Communicator => _communicator;

    /// <inheritdoc/>
    public string ModelName => _fit.ModelName;

    /// <inheritdoc/>
    public string Tableau => _fit.Tableau;

    /// <inheritdoc/>
    public AdjointMethod Adjoint => _fit.Adjoint;

    /// <inheritdoc/>
    public int ParameterCount => _fit.ParameterCount;

    /// <inheritdoc/>
    public Span<T> Parameters => _fit.Parameters;

    /// <inheritdoc/>
    public TrainingStep Gradient(long iteration, TrainingRandom random, Span<T> gradient)
    {
        TrainingBatch<T> batch = _objective.NextBatch(iteration, random);
        int n = _fit.System.StateSize, lanes = batch.InitialStates.Length / n;
        int blockSize = LaneBlocks.Size(_fit.System);
        (int first, int count) = LaneShards.Range(lanes, _communicator.Rank, _communicator.Size, blockSize);
        var loss = new SharedLoss(this, batch, lanes, first);
        Gradient<T>? mine = null;
        Exception? failure = null;
        using var blocks = BlockSumCapture.Open();
        try
        {
            if (count == 0)
            {
                loss.Compute(null, []);
            }
            else
            {
                mine = Ode.Gradient(_fit.System, default(TTableau), batch.InitialStates.AsSpan(first * n, count * n), batch.SaveAt, loss.Compute, _solver, Adjoint);
            }
        }
        catch (Exception e) when (e is not RankFailedException)
        {
            failure = LaneShards.InBatch(e, first);
            if (!loss.Reached)
            {
                // This rank failed before the collective of the loss, where the others wait: meet them there.
                _communicator.Agree(failure);
            }
        }

        // After the loss every rank runs its backward pass; a rank that failed there reports here.
        _communicator.Agree(failure);
        BlockReduction.Sum(_communicator, lanes, blockSize, mine?.Parameters, blocks, ParameterCount).CopyTo(gradient);
        SolverStats forward = mine?.Solution.Stats ?? default;
        long backward = mine?.BackwardStats.Evaluations ?? 0;
        long[] work = LaneShards.Sum(_communicator, [forward.Evaluations, backward, forward.AcceptedSteps, forward.RejectedSteps]);
        return new TrainingStep(loss.Value, batch.IsComplete, work[0], work[1], work[2], work[3]);
    }

    /// <inheritdoc/>
    public TrainingStopReason? AfterStep(long iterations) => _fit.AfterStep(iterations);

    /// <inheritdoc/>
    public IReadOnlyList<SafeTensor> ToTensors() => _fit.ToTensors();

    /// <inheritdoc/>
    public Action Restore(SafeTensorsFile file, IReadOnlyList<string> otherPrefixes) => _fit.Restore(file, otherPrefixes);

    /// <summary>
    /// The loss of the whole batch, computed on every rank from the gathered predictions, as the loss function of this
    /// rank's gradient: the objective sees the solution and dL/dy a single process would, so any loss works, not
    /// only those that split over lanes.
    /// </summary>
    private sealed class SharedLoss(ShardedTrajectoryFit<TSystem, TTableau, T> fit, TrainingBatch<T> batch, int lanes, int first)
    {
        public bool Reached { get; private set; }

        public double Value { get; private set; } = double.NaN;

        public double Compute(Solution<T>? mine, Span<T> dLdY)
        {
            Reached = true;
            ITrainingCommunicator communicator = fit._communicator;
            communicator.Agree(null);
            int n = fit._fit.System.StateSize, saves = batch.SaveAt.Length;
            Solution<T> whole = LaneShards.GatherSolution(communicator, mine, batch.SaveAt, lanes, n, LaneBlocks.Size(fit._fit.System));
            var all = new T[whole.States.Length];
            Value = fit._objective.Loss(batch, whole, all);
            int count = mine?.Lanes ?? 0;
            LaneShards.Slice<T>(all, saves, lanes, n, first, count).CopyTo(dLdY);
            return Value;
        }
    }
}
