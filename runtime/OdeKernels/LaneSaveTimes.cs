using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels;

/// <summary>
/// Save times of its own for every lane (per-sample times, as an irregularly sampled series has): all lanes start at
/// <see cref="Start"/>, and lane <c>i</c> saves at <c>Times[Offsets[i] .. Offsets[i + 1])</c>, strictly increasing and
/// none before the start; a lane may have no save time, and a time equal to the start saves the initial state.
/// States and loss cotangents use the same ragged layout: row <c>r</c> of lane <c>i</c> is row
/// <c>Offsets[i] + r</c>, its component <c>c</c> at <c>(Offsets[i] + r) × StateSize + c</c>
/// (see <see cref="LaneSolution{T}"/>).
/// </summary>
/// <typeparam name="T">The floating-point type (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <remarks>Thread safety: immutable once constructed (the inputs are copied); safe to share between threads and calls.</remarks>
public sealed class LaneSaveTimes<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _offsets;
    private readonly T[] _times;

    /// <summary>Per-lane save times from offsets and the times of all lanes, lane after lane (copied).</summary>
    /// <param name="start">The time every lane starts from (with y0).</param>
    /// <param name="offsets">Lanes + 1 values: lane i's times are <paramref name="times"/>[offsets[i] .. offsets[i + 1]); offsets[0] = 0 and the last is the number of times.</param>
    /// <param name="times">Every lane's save times, lane after lane.</param>
    /// <exception cref="ArgumentException">An offset or a time is malformed: the message names the lane, the index and the value.</exception>
    public LaneSaveTimes(T start, ReadOnlySpan<int> offsets, ReadOnlySpan<T> times)
    {
        Validate(start, offsets, times);
        Start = start;
        _offsets = offsets.ToArray();
        _times = times.ToArray();
    }

    /// <summary>The time every lane starts from.</summary>
    public T Start { get; }

    /// <summary>The number of lanes.</summary>
    public int Lanes => _offsets.Length - 1;

    /// <summary>The number of save times over all lanes (the rows of a solution).</summary>
    public int Count => _times.Length;

    /// <summary>Lanes + 1 values: lane i's save times (and rows) are [Offsets[i], Offsets[i + 1]).</summary>
    public ReadOnlySpan<int> Offsets => _offsets;

    /// <summary>Every lane's save times, lane after lane.</summary>
    public ReadOnlySpan<T> Times => _times;

    /// <summary>Per-lane save times from one array per lane (copied).</summary>
    /// <param name="start">The time every lane starts from.</param>
    /// <param name="lanes">Each lane's save times, strictly increasing, none before <paramref name="start"/>; an empty array for a lane without any.</param>
    /// <returns>The save times in the ragged layout.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lanes"/> or one of its arrays is null.</exception>
    /// <exception cref="ArgumentException">A time is malformed: the message names the lane, the index and the value.</exception>
    public static LaneSaveTimes<T> FromLanes(T start, IReadOnlyList<T[]> lanes)
    {
        ArgumentNullException.ThrowIfNull(lanes);
        var offsets = new int[lanes.Count + 1];
        long total = 0;
        for (int i = 0; i < lanes.Count; i++)
        {
            if (lanes[i] is null)
            {
                throw new ArgumentNullException(nameof(lanes), $"lanes[{i}] is null; a lane without save times takes an empty array.");
            }

            total += lanes[i].Length;
            if (total > Array.MaxLength)
            {
                throw new ArgumentException($"lanes hold more than {Array.MaxLength} save times in all (lanes 0 to {i}: {total}).", nameof(lanes));
            }

            offsets[i + 1] = (int)total;
        }

        var times = new T[total];
        for (int i = 0; i < lanes.Count; i++)
        {
            lanes[i].CopyTo(times, offsets[i]);
        }

        return new LaneSaveTimes<T>(start, offsets, times);
    }

    /// <summary>The save times of lane <paramref name="lane"/>.</summary>
    /// <param name="lane">The 0-based lane.</param>
    public ReadOnlySpan<T> Lane(int lane)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, Lanes);
        return _times.AsSpan(_offsets[lane], _offsets[lane + 1] - _offsets[lane]);
    }

    /// <summary>The number of save times of lane <paramref name="lane"/>.</summary>
    /// <param name="lane">The 0-based lane.</param>
    public int SaveCount(int lane) => Lane(lane).Length;

    /// <summary>The integrators' view: every lane on its own times from <see cref="Start"/>.</summary>
    internal SaveSchedule<T> Schedule() => SaveSchedule<T>.PerLane([Start], _offsets, _times);

    private static void Validate(T start, ReadOnlySpan<int> offsets, ReadOnlySpan<T> times)
    {
        if (!T.IsFinite(start))
        {
            throw new ArgumentException($"start must be finite, but it is {Format(start)}.", nameof(start));
        }

        RaggedSeries.CheckOffsets(offsets, "lane");
        if (offsets[^1] != times.Length)
        {
            throw new ArgumentException($"The last offset must equal the number of times ({times.Length}), but offsets[{offsets.Length - 1}] = {offsets[^1]}.", nameof(offsets));
        }

        RaggedSeries.CheckTimes(offsets, times, "lane", start);
    }

    private static string Format(T value) => value.ToString("R", CultureInfo.InvariantCulture);
}
