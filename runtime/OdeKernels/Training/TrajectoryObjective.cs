using System;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// Fits observed trajectories by the mean squared error of the solve at the observation times: trajectory i starts at
/// its observed initial state and is compared at every save time with its observations. Optionally each iteration
/// fits a minibatch of trajectories drawn without replacement from the run's <see cref="TrainingRandom"/>, and a
/// curriculum window fits only the first few save times early on (Chen et al.'s spiral example in DiffEqFlux grows
/// the time span the same way: a short span has no bad local minima to fall into, and extending it refines the fit).
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: its data is copied and never changed, so NextBatch and Loss may be called concurrently
/// (given distinct TrainingRandom instances and a thread-safe window function).</remarks>
public sealed class TrajectoryObjective<T> : ITrainingObjective<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _times;
    private readonly T[] _initialStates;
    private readonly T[] _targets;
    private readonly Func<long, int>? _window;

    /// <summary>Creates the objective (the arrays are copied).</summary>
    /// <param name="times">The observation times, shared by every trajectory, strictly increasing; the solve starts at the first (at least two).</param>
    /// <param name="initialStates">The initial state of each trajectory, trajectory after trajectory (a multiple of <paramref name="stateSize"/>).</param>
    /// <param name="observations">The observations, times × trajectories × stateSize, time-major like <see cref="Solution{T}.States"/>.</param>
    /// <param name="stateSize">The number of components of a state (positive).</param>
    /// <param name="batchSize">Trajectories per iteration; 0 (the default) or at least the number of trajectories fits all of them every iteration.</param>
    /// <param name="window">The number of leading save times fitted at an iteration (clamped to [2, times]); null fits all of them always.</param>
    /// <exception cref="ArgumentException">A length or value is out of range; the message names it.</exception>
    public TrajectoryObjective(ReadOnlySpan<T> times, ReadOnlySpan<T> initialStates, ReadOnlySpan<T> observations, int stateSize, int batchSize = 0, Func<long, int>? window = null)
    {
        if (stateSize <= 0)
        {
            throw new ArgumentException($"stateSize must be positive, but it is {stateSize}.", nameof(stateSize));
        }

        if (times.Length < 2)
        {
            throw new ArgumentException($"times must hold at least two values, but it holds {times.Length}.", nameof(times));
        }

        for (int i = 1; i < times.Length; i++)
        {
            if (!(times[i] > times[i - 1]))
            {
                throw new ArgumentException($"times must be strictly increasing, but times[{i}] = {times[i]} follows {times[i - 1]}.", nameof(times));
            }
        }

        if (initialStates.Length == 0 || initialStates.Length % stateSize != 0)
        {
            throw new ArgumentException($"initialStates must hold a positive multiple of stateSize = {stateSize} values, but its length is {initialStates.Length}.", nameof(initialStates));
        }

        TrainingArguments.Length(observations, (long)times.Length * initialStates.Length, nameof(observations), "times × initialStates");
        TrainingArguments.Finite(initialStates, nameof(initialStates));
        TrainingArguments.Finite(observations, nameof(observations));
        if (batchSize < 0)
        {
            throw new ArgumentException($"batchSize must be non-negative, but it is {batchSize}.", nameof(batchSize));
        }

        _times = times.ToArray();
        _initialStates = initialStates.ToArray();
        _targets = observations.ToArray();
        StateSize = stateSize;
        Trajectories = initialStates.Length / stateSize;
        BatchSize = batchSize == 0 || batchSize >= Trajectories ? Trajectories : batchSize;
        _window = window;
    }

    /// <summary>The number of state components.</summary>
    public int StateSize { get; }

    /// <summary>The number of trajectories.</summary>
    public int Trajectories { get; }

    /// <summary>The trajectories fitted per iteration.</summary>
    public int BatchSize { get; }

    /// <summary>The number of save times fitted at <paramref name="iteration"/>, from the window clamped to [2, times].</summary>
    /// <param name="iteration">The 0-based iteration.</param>
    public int WindowAt(long iteration) => _window is null ? _times.Length : Math.Clamp(_window(iteration), 2, _times.Length);

    /// <inheritdoc/>
    public TrainingBatch<T> NextBatch(long iteration, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int saves = WindowAt(iteration), lanes = BatchSize, n = StateSize;
        Span<int> chosen = lanes <= 256 ? stackalloc int[lanes] : new int[lanes];
        if (lanes == Trajectories)
        {
            for (int i = 0; i < lanes; i++)
            {
                chosen[i] = i;
            }
        }
        else
        {
            // A partial Fisher-Yates shuffle over the trajectory indices: lanes draws, no repeats.
            int[] pool = new int[Trajectories];
            for (int i = 0; i < pool.Length; i++)
            {
                pool[i] = i;
            }

            for (int i = 0; i < lanes; i++)
            {
                int j = i + random.NextInt32(pool.Length - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
                chosen[i] = pool[i];
            }
        }

        var y0 = new T[lanes * n];
        var targets = new T[saves * lanes * n];
        for (int lane = 0; lane < lanes; lane++)
        {
            int trajectory = chosen[lane];
            _initialStates.AsSpan(trajectory * n, n).CopyTo(y0.AsSpan(lane * n, n));
            for (int s = 0; s < saves; s++)
            {
                _targets.AsSpan(((s * Trajectories) + trajectory) * n, n).CopyTo(targets.AsSpan(((s * lanes) + lane) * n, n));
            }
        }

        return new TrainingBatch<T>(y0, _times.AsSpan(0, saves).ToArray(), targets, saves == _times.Length && lanes == Trajectories);
    }

    /// <inheritdoc/>
    public double Loss(TrainingBatch<T> batch, Solution<T> prediction, Span<T> dLdY)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(prediction);
        return Losses.MeanSquaredError<T>(prediction.States, batch.Targets, dLdY);
    }
}
