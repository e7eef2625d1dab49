using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>
/// Where every lane starts, the save times it steps onto and where each saved state goes: the one piece of save-time
/// bookkeeping the integrators, the dense output and the adjoints share. Lane <c>l</c>'s sequence is
/// <see cref="Times"/>[<see cref="Start"/>(l) .. <see cref="End"/>(l)): its start time, then its save times; the
/// state at sequence index <c>g</c> &gt; Start(l) goes to row <see cref="Row"/>(g, l) of the states buffer
/// (<c>row × StateSize</c> values). Two shapes, one formula (row = g · <see cref="RowStride"/> + row offset):
/// <list type="bullet">
/// <item><b>Shared</b> (<c>Ode.Solve</c>'s <c>saveAt</c>): every lane's sequence is the whole array, its start is
/// <c>saveAt[0]</c>, rows are save-major (row = save · lanes + lane, row offset = lane) and the start has a row (y0).</item>
/// <item><b>Per lane</b> (<see cref="LaneSaveTimes{T}"/>): each lane's start, then its own times, flat lane after lane;
/// rows are the caller's ragged rows (row offset = the lane's shift, stride 1). A save time equal to the start gets no
/// place in the sequence (the integrators would take a step of length zero): its row is <see cref="InitialRow"/>,
/// filled with y0 before the solve and its cotangent added to dL/dy₀ after the reverse pass. Each lane may start at
/// its own time (the continuous adjoint's backward segments do).</item>
/// </list>
/// The integrators keep, per lane, the index of the next save time in this sequence and its end, so the shared case is
/// the per-lane one with every lane on the same times: the same operations in the same order, hence the same bits.
/// Immutable; shared by every block of a parallel solve.
/// </summary>
internal sealed class SaveSchedule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[]? _first;
    private readonly int[]? _rowShift;
    private readonly int[]? _initialRow;

    private SaveSchedule(T[] times, int lanes, int rowStride, int rows, int[]? first, int[]? rowShift, int[]? initialRow)
    {
        Times = times;
        Save = SaveTimes.InDouble<T>(times);
        Lanes = lanes;
        RowStride = rowStride;
        Rows = rows;
        _first = first;
        _rowShift = rowShift;
        _initialRow = initialRow;
    }

    /// <summary>Every lane's sequence, flat (see the type); the shared case's is <c>saveAt</c> itself.</summary>
    public T[] Times { get; }

    /// <summary><see cref="Times"/> in double, as the integrators compare and interpolate them.</summary>
    public double[] Save { get; }

    /// <summary>The number of lanes.</summary>
    public int Lanes { get; }

    /// <summary>Rows between consecutive sequence indices of one lane: the lanes (shared), or 1 (per lane).</summary>
    public int RowStride { get; }

    /// <summary>The rows of the states buffer.</summary>
    public int Rows { get; }

    /// <summary>Whether every lane shares one sequence (the <c>saveAt</c> form), whose start has a row of its own.</summary>
    public bool IsShared => _first is null;

    /// <summary>The shared form: every lane on <paramref name="saveAt"/>, save-major rows.</summary>
    public static SaveSchedule<T> Shared(ReadOnlySpan<T> saveAt, int lanes) =>
        new(saveAt.ToArray(), lanes, lanes, saveAt.Length * lanes, null, null, null);

    /// <summary>
    /// The per-lane form: lane l starts at <paramref name="starts"/>[l] (or [0] for every lane when it holds one value)
    /// and saves at <paramref name="times"/>[<paramref name="offsets"/>[l] .. offsets[l + 1]) into the rows of the same
    /// indices (validated by the caller: each lane's times strictly increasing and not before its start).
    /// </summary>
    public static SaveSchedule<T> PerLane(ReadOnlySpan<T> starts, ReadOnlySpan<int> offsets, ReadOnlySpan<T> times)
    {
        int lanes = offsets.Length - 1, length = lanes;
        for (int lane = 0; lane < lanes; lane++)
        {
            length += offsets[lane + 1] - offsets[lane] - (StartsOnFirst(starts, offsets, times, lane) ? 1 : 0);
        }

        var flat = new T[length];
        var first = new int[lanes + 1];
        var rowShift = new int[lanes];
        var initialRow = new int[lanes];
        int p = 0;
        for (int lane = 0; lane < lanes; lane++)
        {
            bool skip = StartsOnFirst(starts, offsets, times, lane);
            int from = offsets[lane] + (skip ? 1 : 0), count = offsets[lane + 1] - from;
            first[lane] = p;
            flat[p] = StartOf(starts, lane);
            times.Slice(from, count).CopyTo(flat.AsSpan(p + 1, count));
            // Sequence index p + 1 holds the time of row `from`.
            rowShift[lane] = from - (p + 1);
            initialRow[lane] = skip ? offsets[lane] : -1;
            p += 1 + count;
        }

        first[lanes] = p;
        return new SaveSchedule<T>(flat, lanes, 1, times.Length, first, rowShift, initialRow);
    }

    /// <summary>
    /// A solution's buffer (<see cref="Rows"/> × <paramref name="n"/> values), with <paramref name="y0"/> in every
    /// lane's <see cref="InitialRow"/>.
    /// </summary>
    public T[] AllocateStates(ReadOnlySpan<T> y0, int n)
    {
        // InputValidation has checked that the rows × n fit in one array.
        T[] states = BufferLimits.Allocate<T>((long)Rows * n, "the solution (saves × lanes × StateSize)");
        if (IsShared)
        {
            y0.CopyTo(states);
            return states;
        }

        for (int lane = 0; lane < Lanes; lane++)
        {
            if (InitialRow(lane) is int row and >= 0)
            {
                y0.Slice(lane * n, n).CopyTo(states.AsSpan(row * n, n));
            }
        }

        return states;
    }

    /// <summary>The index of lane <paramref name="lane"/>'s start in <see cref="Times"/>.</summary>
    public int Start(int lane) => _first is null ? 0 : _first[lane];

    /// <summary>One past the index of lane <paramref name="lane"/>'s last save time in <see cref="Times"/>.</summary>
    public int End(int lane) => _first is null ? Times.Length : _first[lane + 1];

    /// <summary>Whether lane <paramref name="lane"/> has a save time after its start (otherwise it takes no step).</summary>
    public bool HasSteps(int lane) => End(lane) - Start(lane) > 1;

    /// <summary>The row of lane <paramref name="lane"/>'s state at sequence index 0 (before the stride is applied).</summary>
    public int RowOffset(int lane) => _rowShift is null ? lane : _rowShift[lane];

    /// <summary>The row of lane <paramref name="lane"/>'s state at sequence index <paramref name="index"/>.</summary>
    public int Row(int index, int lane) => (index * RowStride) + RowOffset(lane);

    /// <summary>The row that holds lane <paramref name="lane"/>'s initial state (its start saved), or −1 when none does.</summary>
    public int InitialRow(int lane) => _initialRow is null ? lane : _initialRow[lane];

    private static bool StartsOnFirst(ReadOnlySpan<T> starts, ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, int lane) =>
        offsets[lane + 1] > offsets[lane] && times[offsets[lane]] == StartOf(starts, lane);

    private static T StartOf(ReadOnlySpan<T> starts, int lane) => starts.Length == 1 ? starts[0] : starts[lane];
}
