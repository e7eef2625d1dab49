using System;
using System.Numerics;
using OdeKernels.Adjoints;
using OdeKernels.Solving;
using OdeKernels.Training;

namespace OdeKernels.Distributed;

/// <summary>
/// Ensembles sharded across the ranks of an MPI job: <see cref="Solve{TSystem, TTableau, T}"/> and
/// <see cref="Gradient{TSystem, TTableau, T}"/> take the whole batch on every rank, solve only this rank's lanes
/// (<see cref="LaneRange(int, int, int, int)"/>), and hand every rank the whole result, laid out exactly as <see cref="Ode.Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?)"/>
/// and <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/>
/// lay it out. A failing lane on any rank makes every rank throw the same <see cref="RankFailedException"/> (naming the
/// rank, the lane in the whole batch and its time) instead of leaving the others waiting.
/// </summary>
/// <remarks>
/// The states, dL/dy₀, every lane's statistics and dL/dθ equal the single-process call's bit for bit, for any rank
/// count: lanes are independent and each rank solves whole 256-lane blocks, as one process does, and the ranks
/// exchange their blocks' parameter sums so that every rank adds all blocks in block order, as one process does
/// (on the CUDA backend, which keeps no block sums, the ranks' totals are added in rank order instead, to the rounding
/// docs/distributed.md states).
/// <para>Thread safety: the methods are collective; call them from one thread per rank, all ranks in the same order.</para>
/// </remarks>
public static class Distributed
{
    /// <summary>
    /// The lanes rank <paramref name="rank"/> of <paramref name="size"/> solves: whole blocks of 256 lanes, the
    /// blocks split as evenly as whole blocks allow, in rank order (rank 0 the first lanes). For a system that states
    /// its block size (<see cref="ILaneBlockSize"/>), see <see cref="LaneRange(int, int, int, int)"/>.
    /// </summary>
    /// <param name="lanes">The lanes of the whole batch (positive).</param>
    /// <param name="rank">The rank, in [0, size).</param>
    /// <param name="size">The number of ranks (positive).</param>
    /// <returns>The first lane and the number of lanes (0 when the rank holds no block).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static (int First, int Count) LaneRange(int lanes, int rank, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lanes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if ((uint)rank >= (uint)size)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be in [0, {size}).");
        }

        return LaneShards.Range(lanes, rank, size, LaneBlocks.Lanes);
    }

    /// <summary>
    /// The lanes rank <paramref name="rank"/> of <paramref name="size"/> solves for a system of
    /// <paramref name="lanesPerBlock"/> lanes per block (<see cref="ILaneBlockSize.LanesPerBlock"/>, 256 when it
    /// states none): whole blocks, split as evenly as whole blocks allow, in rank order.
    /// </summary>
    /// <param name="lanes">The lanes of the whole batch (positive).</param>
    /// <param name="rank">The rank, in [0, size).</param>
    /// <param name="size">The number of ranks (positive).</param>
    /// <param name="lanesPerBlock">The system's lanes per block, in [1, <see cref="ILaneBlockSize.MaxLanesPerBlock"/>].</param>
    /// <returns>The first lane and the number of lanes (0 when the rank holds no block).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static (int First, int Count) LaneRange(int lanes, int rank, int size, int lanesPerBlock)
    {
        if (lanesPerBlock < 1 || lanesPerBlock > ILaneBlockSize.MaxLanesPerBlock)
        {
            throw new ArgumentOutOfRangeException(nameof(lanesPerBlock), lanesPerBlock, $"lanesPerBlock must be in [1, {ILaneBlockSize.MaxLanesPerBlock}].");
        }

        _ = LaneRange(lanes, rank, size); // the same checks of the other arguments
        return LaneShards.Range(lanes, rank, size, lanesPerBlock);
    }

    /// <summary>
    /// Solves this rank's lanes of <paramref name="y0"/> and gathers every rank's into the whole batch's solution on
    /// every rank (the layout of <see cref="Ode.Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?)"/>).
    /// </summary>
    /// <typeparam name="TSystem">The right-hand side.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="communicator">The ranks (every rank passes the same inputs).</param>
    /// <param name="system">The right-hand side.</param>
    /// <param name="tableau">The method (only its type matters).</param>
    /// <param name="y0">The whole batch's initial states, lanes × StateSize.</param>
    /// <param name="saveAt">Strictly increasing save times.</param>
    /// <param name="options">Tolerances, step control, threads per rank; null for the defaults.</param>
    /// <returns>The whole batch's solution.</returns>
    /// <exception cref="ArgumentException">An input is malformed (on every rank alike).</exception>
    /// <exception cref="RankFailedException">A lane failed on some rank; the message names the rank, the lane in the batch and its time.</exception>
    public static Solution<T> Solve<TSystem, TTableau, T>(
        ITrainingCommunicator communicator, TSystem system, TTableau tableau, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions? options = null)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Shape(communicator, system, y0, out int lanes);
        int blockSize = LaneBlocks.Size(system);
        (int first, int count) = LaneShards.Range(lanes, communicator.Rank, communicator.Size, blockSize);
        Solution<T>? mine = null;
        Exception? failure = null;
        try
        {
            mine = count == 0 ? null : Ode.Solve(system, tableau, y0.Slice(first * n, count * n), saveAt, options);
        }
        catch (Exception e)
        {
            failure = LaneShards.InBatch(e, first);
        }

        communicator.Agree(failure);
        return LaneShards.GatherSolution(communicator, mine, saveAt, lanes, n, blockSize);
    }

    /// <summary>
    /// The gradient of a loss through the whole batch's solve, given dL/dy at every saved state: every rank
    /// differentiates its lanes, dL/dθ is summed over all blocks in block order, dL/dy₀ and the solution are
    /// gathered; every rank gets the whole result, the single-process bits (see the remarks of <see cref="Distributed"/>).
    /// </summary>
    /// <typeparam name="TSystem">The differentiable right-hand side.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="communicator">The ranks (every rank passes the same inputs).</param>
    /// <param name="system">The right-hand side f(t, y; θ).</param>
    /// <param name="tableau">The method (only its type matters).</param>
    /// <param name="y0">The whole batch's initial states.</param>
    /// <param name="saveAt">Strictly increasing save times, at least two.</param>
    /// <param name="dLdY">dL/dy of the whole batch, laid out like <see cref="Solution{T}.States"/>.</param>
    /// <param name="options">Tolerances and step control; null for the defaults.</param>
    /// <param name="method">How to differentiate through the solve.</param>
    /// <param name="checkpoints">For <see cref="AdjointMethod.Checkpointed"/>: the most states stored per lane; 0 for about 2√N.</param>
    /// <returns>dL/dθ, dL/dy₀ and the solution of the whole batch, on every rank.</returns>
    /// <exception cref="ArgumentException">An input is malformed (on every rank alike).</exception>
    /// <exception cref="RankFailedException">A lane failed on some rank, forwards or backwards.</exception>
    public static Gradient<T> Gradient<TSystem, TTableau, T>(
        ITrainingCommunicator communicator, TSystem system, TTableau tableau, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ReadOnlySpan<T> dLdY,
        SolverOptions? options = null, AdjointMethod method = AdjointMethod.Backsolve, int checkpoints = 0)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Shape(communicator, system, y0, out int lanes);
        if (dLdY.Length != (long)saveAt.Length * y0.Length)
        {
            throw new ArgumentException($"dLdY must hold saves × lanes × StateSize = {(long)saveAt.Length * y0.Length} values, but its length is {dLdY.Length}.", nameof(dLdY));
        }

        int blockSize = LaneBlocks.Size(system);
        (int first, int count) = LaneShards.Range(lanes, communicator.Rank, communicator.Size, blockSize);
        Gradient<T>? mine = null;
        Exception? failure = null;
        using var blocks = BlockSumCapture.Open();
        try
        {
            if (count > 0)
            {
                T[] cotangents = LaneShards.Slice(dLdY, saveAt.Length, lanes, n, first, count);
                mine = Ode.Gradient(system, tableau, y0.Slice(first * n, count * n), saveAt, cotangents, options, method, checkpoints);
            }
        }
        catch (Exception e)
        {
            failure = LaneShards.InBatch(e, first);
        }

        communicator.Agree(failure);
        T[] parameters = BlockReduction.Sum(communicator, lanes, blockSize, mine?.Parameters, blocks, system.ParameterCount);
        var initial = new T[y0.Length];
        communicator.GatherToAll<T>(mine is null ? [] : mine.InitialState, LaneShards.Counts(lanes, communicator.Size, blockSize, n), initial);
        Solution<T> solution = LaneShards.GatherSolution(communicator, mine?.Solution, saveAt, lanes, n, blockSize);
        SolverStats b = mine?.BackwardStats ?? default;
        long[] backward = LaneShards.Sum(communicator, [b.Evaluations, b.AcceptedSteps, b.RejectedSteps]);
        return new Gradient<T>(parameters, initial, solution, new SolverStats(backward[0], backward[1], backward[2]));
    }

    private static int Shape<TSystem, T>(ITrainingCommunicator communicator, TSystem system, ReadOnlySpan<T> y0, out int lanes)
        where TSystem : IOdeSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(system);
        int n = system.StateSize;
        if (y0.Length == 0 || y0.Length % n != 0)
        {
            throw new ArgumentException($"y0 must hold a positive multiple of StateSize = {n} values, but its length is {y0.Length}.", nameof(y0));
        }

        lanes = y0.Length / n;
        return n;
    }
}
