using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// The states of every lane at its own save times (<see cref="LaneSaveTimes{T}"/>), with the work the solve took.
/// Ragged, lane-major: lane <c>i</c>'s state at its save time <c>r</c> is row <c>Offsets[i] + r</c>, component
/// <c>c</c> at <c>States[(Offsets[i] + r) × StateSize + c]</c>.
/// </summary>
/// <typeparam name="T">The floating-point type of the state.</typeparam>
/// <remarks>Thread safety: immutable once returned; safe to read from any number of threads.</remarks>
public sealed class LaneSolution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _states;
    private readonly SolverStats[] _laneStats;

    internal LaneSolution(T[] states, LaneSaveTimes<T> saveTimes, int stateSize, SolverStats[] laneStats, SolverStats stats)
    {
        _states = states;
        SaveTimes = saveTimes;
        StateSize = stateSize;
        _laneStats = laneStats;
        Stats = stats;
    }

    /// <summary>The save times (the solve's <c>saveAt</c>).</summary>
    public LaneSaveTimes<T> SaveTimes { get; }

    /// <summary>The number of lanes (independent trajectories).</summary>
    public int Lanes => SaveTimes.Lanes;

    /// <summary>The number of components of one lane's state.</summary>
    public int StateSize { get; }

    /// <summary>All states, ragged: <c>States[(SaveTimes.Offsets[lane] + save) * StateSize + component]</c>.</summary>
    public ReadOnlySpan<T> States => _states;

    /// <summary>Totals over all lanes.</summary>
    public SolverStats Stats { get; }

    /// <summary>The state component <paramref name="component"/> of lane <paramref name="lane"/> at its save time <paramref name="save"/>.</summary>
    /// <param name="lane">The 0-based lane.</param>
    /// <param name="save">The 0-based index into the lane's save times.</param>
    /// <param name="component">The 0-based state component.</param>
    public T this[int lane, int save, int component]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(component);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, StateSize);
            return State(lane, save)[component];
        }
    }

    /// <summary>The state of lane <paramref name="lane"/> at its save time <paramref name="save"/>.</summary>
    /// <param name="lane">The 0-based lane.</param>
    /// <param name="save">The 0-based index into the lane's save times.</param>
    public ReadOnlySpan<T> State(int lane, int save)
    {
        int count = SaveTimes.SaveCount(lane);
        ArgumentOutOfRangeException.ThrowIfNegative(save);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(save, count);
        return _states.AsSpan((SaveTimes.Offsets[lane] + save) * StateSize, StateSize);
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
