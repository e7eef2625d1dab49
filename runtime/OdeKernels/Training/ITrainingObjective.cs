using System;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// What a trajectory fit (<see cref="TrajectoryFit{TSystem, TTableau, T}"/>, <see cref="Trainer{TSystem, TTableau, T}"/>)
/// minimises: it hands out the batch of each iteration and scores
/// the solve of that batch. An objective must be a pure function of the iteration and the random stream, so that a
/// run resumed from a checkpoint sees the batches the interrupted run would have seen.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: a Trainer calls it from the thread running Run, one call at a time; implementations need be
/// thread-safe only if shared by concurrent trainers.</remarks>
public interface ITrainingObjective<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The batch of iteration <paramref name="iteration"/>.</summary>
    /// <param name="iteration">The 0-based iteration.</param>
    /// <param name="random">The run's random stream (checkpointed with the run); draw from it, never from another source.</param>
    /// <returns>The batch to solve and fit.</returns>
    TrainingBatch<T> NextBatch(long iteration, TrainingRandom random);

    /// <summary>The loss of a solve of <paramref name="batch"/>, and its gradient with respect to every saved state.</summary>
    /// <param name="batch">The batch that was solved.</param>
    /// <param name="prediction">The solve of the batch.</param>
    /// <param name="dLdY">Receives dL/dy, laid out like <see cref="Solution{T}.States"/> (overwritten).</param>
    /// <returns>The loss.</returns>
    double Loss(TrainingBatch<T> batch, Solution<T> prediction, Span<T> dLdY);
}
