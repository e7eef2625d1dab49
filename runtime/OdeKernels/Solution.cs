using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>The states of every lane at every save time, with the work the solve took.</summary>
/// <typeparam name="T">The floating-point type of the state.</typeparam>
/// <remarks>Thread safety: immutable once returned; safe to read from any number of threads.</remarks>
public sealed class Solution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _states;
    private readonly SolverStats[] _laneStats;

    internal Solution(T[] states, T[] times, int lanes, int stateSize, SolverStats[] laneStats)
    {
        _states = states;
        Times = times;
        Lanes = lanes;
        StateSize = stateSize;
        _laneStats = laneStats;
        long evaluations = 0, accepted = 0, rejected = 0;
        foreach (SolverStats s in laneStats)
        {
            evaluations += s.Evaluations;
            accepted += s.AcceptedSteps;
            rejected += s.RejectedSteps;
        }

        Stats = new SolverStats(evaluations, accepted, rejected);
    }

    /// <summary>The states buffer itself (for the per-lane result, which shares it rather than copying it).</summary>
    internal T[] StateArray => _states;

    /// <summary>The per-lane work itself.</summary>
    internal SolverStats[] LaneStatsArray => _laneStats;

    /// <summary>The save times (a copy of the solve's <c>saveAt</c>).</summary>
    public ReadOnlyMemory<T> Times { get; }

    /// <summary>The number of save times.</summary>
    public int SaveCount => Times.Length;

    /// <summary>The number of lanes (independent trajectories).</summary>
    public int Lanes { get; }

    /// <summary>The number of components of one lane's state.</summary>
    public int StateSize { get; }

    /// <summary>All states, save-major: <c>States[(save * Lanes + lane) * StateSize + component]</c>.</summary>
    public ReadOnlySpan<T> States => _states;

    /// <summary>Totals over all lanes.</summary>
    public SolverStats Stats { get; }

    /// <summary>The state component <paramref name="component"/> of lane <paramref name="lane"/> at save time <paramref name="save"/>.</summary>
    /// <param name="save">The 0-based index into the save times.</param>
    /// <param name="lane">The 0-based lane.</param>
    /// <param name="component">The 0-based state component.</param>
    public T this[int save, int lane, int component]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(save);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(save, SaveCount);
            ArgumentOutOfRangeException.ThrowIfNegative(lane);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, Lanes);
            ArgumentOutOfRangeException.ThrowIfNegative(component);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, StateSize);
            return _states[(((save * Lanes) + lane) * StateSize) + component];
        }
    }

    /// <summary>The state of lane <paramref name="lane"/> at save time <paramref name="save"/>.</summary>
    /// <param name="save">The 0-based index into the save times.</param>
    /// <param name="lane">The 0-based lane.</param>
    public ReadOnlySpan<T> State(int save, int lane)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(save);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(save, SaveCount);
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, Lanes);
        return _states.AsSpan(((save * Lanes) + lane) * StateSize, StateSize);
    }

    /// <summary>The work one lane took.</summary>
    /// <param name="lane">The 0-based lane.</param>
    public SolverStats LaneStats(int lane)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, Lanes);
        return _laneStats[lane];
    }
}
