using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// Accepted steps of one lane: the state at each step's start, its time, size, landing save index and the save times
/// interpolated inside it (dense output: their θ is recomputed from the save times in the reverse pass).
/// </summary>
internal sealed class StepBuffer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Initial = 16;

    private readonly int _n;
    private T[] _y;
    private double[] _t = new double[Initial];
    private double[] _h = new double[Initial];
    private int[] _save = new int[Initial];
    private int[] _first = new int[Initial];
    private int[] _inside = new int[Initial];

    // The most steps held since the last Trim (Clear keeps it).
    private int _peak;

    public StepBuffer(int stateSize)
    {
        _n = stateSize;
        _y = new T[Initial * stateSize];
    }

    public int Count { get; private set; }

    /// <summary>The steps the tape holds before it grows.</summary>
    public int Capacity => _t.Length;

    public double Time(int step) => _t[step];

    public double Step(int step) => _h[step];

    public int Save(int step) => _save[step];

    /// <summary>The first save time interpolated inside step <paramref name="step"/> (see <see cref="Inside"/>).</summary>
    public int FirstInside(int step) => _first[step];

    /// <summary>How many save times are interpolated inside step <paramref name="step"/>.</summary>
    public int Inside(int step) => _inside[step];

    public ReadOnlySpan<T> State(int step) => _y.AsSpan(step * _n, _n);

    /// <summary>Empties the tape; its arrays stay for the next use.</summary>
    public void Clear()
    {
        _peak = Math.Max(_peak, Count);
        Count = 0;
    }

    /// <summary>
    /// Gives back the arrays when they hold more than <paramref name="factor"/> times the most steps recorded since
    /// the last trim (a kept tape that a long call grew must not pin that memory for the short calls after it).
    /// </summary>
    public void Trim(int factor)
    {
        int needed = Math.Max(Initial, Math.Max(_peak, Count));
        if (_t.Length > (long)factor * needed)
        {
            int capacity = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)needed), (uint)_t.Length);
            Array.Resize(ref _t, capacity);
            Array.Resize(ref _h, capacity);
            Array.Resize(ref _save, capacity);
            Array.Resize(ref _first, capacity);
            Array.Resize(ref _inside, capacity);
            Array.Resize(ref _y, capacity * _n);
        }

        _peak = 0;
    }

    public void Add<TSource>(SolveWorkspace<TSource> ws, int slot)
        where TSource : unmanaged, IFloatingPointIeee754<TSource>
    {
        int k = NextSlot();
        _t[k] = ws.Time[slot];
        _h[k] = ws.Taken[slot];
        _first[k] = ws.NextSave[slot];
        _inside[k] = ws.Inside[slot];
        _save[k] = ws.Lands[slot] ? ws.NextSave[slot] + ws.Inside[slot] : -1;
        for (int c = 0; c < _n; c++)
        {
            _y[(k * _n) + c] = T.CreateTruncating(ws.Y[(c * ws.Capacity) + slot]);
        }
    }

    /// <summary>
    /// Adds an accepted step of the single-lane integrator: its start time and state, its size, the save times inside
    /// it (from <paramref name="next"/>) and whether it lands on the one after them.
    /// </summary>
    public void Add(double time, double taken, int next, int inside, bool lands, ReadOnlySpan<T> y)
    {
        int k = NextSlot();
        _t[k] = time;
        _h[k] = taken;
        _first[k] = next;
        _inside[k] = inside;
        _save[k] = lands ? next + inside : -1;
        y[.._n].CopyTo(_y.AsSpan(k * _n, _n));
    }

    /// <summary>The index of the next step, growing the tape first when it is full.</summary>
    private int NextSlot()
    {
        int k = Count;
        if (k == _t.Length)
        {
            Grow();
        }

        Count++;
        return k;
    }

    /// <summary>
    /// Doubles the tape (up to what one array can hold: steps × StateSize values), naming the bytes when memory runs
    /// out; the Direct adjoint keeps every step, so a long solve of a large state can outgrow memory.
    /// </summary>
    private void Grow()
    {
        int capacity = _t.Length;
        long steps = Math.Min(2L * capacity, BufferLimits.MaxElements / _n);
        if (steps <= capacity)
        {
            throw new OutOfMemoryException(
                $"The Direct adjoint's tape of one lane holds {BufferLimits.Count(capacity)} steps × {_n} components, the most one array can; use AdjointMethod.Checkpointed, whose memory grows as the square root of the steps.");
        }

        try
        {
            Array.Resize(ref _t, (int)steps);
            Array.Resize(ref _h, (int)steps);
            Array.Resize(ref _save, (int)steps);
            Array.Resize(ref _first, (int)steps);
            Array.Resize(ref _inside, (int)steps);
            Array.Resize(ref _y, (int)(steps * _n));
        }
        catch (OutOfMemoryException e)
        {
            long bytes = steps * ((2 * sizeof(double)) + (3 * sizeof(int)) + ((long)_n * Unsafe.SizeOf<T>()));
            throw BufferLimits.OutOfMemory(bytes, $"the Direct adjoint's tape of one lane ({BufferLimits.Count(steps)} steps × {_n} components)", e, "Use AdjointMethod.Checkpointed, whose memory grows as the square root of the steps.");
        }
    }
}

/// <summary>
/// The full solver state of one lane at the start of an accepted step: enough to replay the adaptive solve from
/// there bit for bit (state, first stage, time, proposed step, controller memory, save bookkeeping).
/// </summary>
internal sealed class LaneCheckpoints<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Per checkpoint: next save, segment steps, step index and the end of the lane's save times (batched slots only).
    private const int Ints = 4;

    private readonly int _n;
    private int _limit;
    private T[] _y;
    private T[] _k0;
    private double[] _scalars = new double[4 * 5];
    private int[] _ints = new int[4 * Ints];

    public LaneCheckpoints(int stateSize, int limit)
    {
        _n = stateSize;
        _limit = limit;
        _y = new T[4 * stateSize];
        _k0 = new T[4 * stateSize];
        Interval = 1;
    }

    /// <summary>The lane's accepted steps so far.</summary>
    public int Count { get; private set; }

    /// <summary>Empties the store for another solve, with <paramref name="limit"/> checkpoints at most (0: about 2√N); the arrays stay.</summary>
    public void Reset(int limit)
    {
        _limit = limit;
        Count = 0;
        Stored = 0;
        Interval = 1;
    }

    /// <summary>The checkpoints held.</summary>
    public int Stored { get; private set; }

    /// <summary>Steps between checkpoints (doubles each time the checkpoints are thinned).</summary>
    public int Interval { get; private set; }

    /// <summary>The accepted-step index at which checkpoint <paramref name="index"/> was taken.</summary>
    public int StepIndex(int index) => _ints[(index * Ints) + 2];

    public void Add(SolveWorkspace<T> ws, int slot)
    {
        int step = Count++;
        if (step % Interval != 0)
        {
            return;
        }

        int stride = ws.Capacity, k = Reserve();
        for (int c = 0; c < _n; c++)
        {
            _y[(k * _n) + c] = ws.Y[(c * stride) + slot];
            _k0[(k * _n) + c] = ws.Stages[(c * stride) + slot];
        }

        Store(k, step, new LaneCursor
        {
            Time = ws.Time[slot],
            Step = ws.Step[slot],
            ErrorMemory = ws.ErrorMemory[slot],
            SegmentStart = ws.SegmentStart[slot],
            NextSave = ws.NextSave[slot],
            SegmentSteps = ws.SegmentSteps[slot],
        }, ws.SaveEnd[slot]);
    }

    /// <summary>Adds the start of an accepted step of the single-lane integrator (state, first stage, controller state).</summary>
    public void Add(ReadOnlySpan<T> y, ReadOnlySpan<T> k0, in LaneCursor cursor)
    {
        int step = Count++;
        if (step % Interval != 0)
        {
            return;
        }

        int k = Reserve();
        y[.._n].CopyTo(_y.AsSpan(k * _n, _n));
        k0[.._n].CopyTo(_k0.AsSpan(k * _n, _n));
        Store(k, step, cursor, 0);
    }

    private int Reserve()
    {
        if (Stored * _n == _y.Length)
        {
            Array.Resize(ref _y, _y.Length * 2);
            Array.Resize(ref _k0, _k0.Length * 2);
            Array.Resize(ref _scalars, _scalars.Length * 2);
            Array.Resize(ref _ints, _ints.Length * 2);
        }

        return Stored++;
    }

    private void Store(int k, int step, in LaneCursor cursor, int saveEnd)
    {
        _scalars[(k * 5) + 0] = cursor.Time;
        _scalars[(k * 5) + 1] = cursor.Step;
        _scalars[(k * 5) + 2] = cursor.ErrorMemory;
        _scalars[(k * 5) + 3] = cursor.SegmentStart;
        _scalars[(k * 5) + 4] = 0;
        _ints[(k * Ints) + 0] = cursor.NextSave;
        _ints[(k * Ints) + 1] = cursor.SegmentSteps;
        _ints[(k * Ints) + 2] = step;
        _ints[(k * Ints) + 3] = saveEnd;
        int limit = _limit > 0 ? _limit : Math.Max(2, (int)Math.Ceiling(2 * Math.Sqrt(Count)));
        if (Stored > limit)
        {
            Thin();
        }
    }

    /// <summary>
    /// Puts checkpoint <paramref name="index"/> into slot <paramref name="slot"/> of <paramref name="ws"/>, to replay
    /// <paramref name="steps"/> steps; the slot's lane number becomes the slot index (the replay's recorder keys).
    /// </summary>
    public void Restore(int index, SolveWorkspace<T> ws, int slot, int steps)
    {
        int stride = ws.Capacity;
        for (int c = 0; c < _n; c++)
        {
            ws.Y[(c * stride) + slot] = _y[(index * _n) + c];
            ws.Stages[(c * stride) + slot] = _k0[(index * _n) + c];
        }

        ws.Time[slot] = _scalars[index * 5];
        ws.Step[slot] = _scalars[(index * 5) + 1];
        ws.ErrorMemory[slot] = _scalars[(index * 5) + 2];
        ws.SegmentStart[slot] = _scalars[(index * 5) + 3];
        ws.NextSave[slot] = _ints[index * Ints];
        ws.SegmentSteps[slot] = _ints[(index * Ints) + 1];
        ws.SaveEnd[slot] = _ints[(index * Ints) + 3];
        ws.StepsLeft[slot] = steps;
        ws.Lane[slot] = slot;
    }

    /// <summary>
    /// Puts checkpoint <paramref name="index"/> into a single-lane buffer (state and first stage) and returns the
    /// cursor to replay <paramref name="steps"/> steps from it.
    /// </summary>
    public LaneCursor Restore(int index, Span<T> y, Span<T> k0, int steps)
    {
        _y.AsSpan(index * _n, _n).CopyTo(y);
        _k0.AsSpan(index * _n, _n).CopyTo(k0);
        return new LaneCursor
        {
            Time = _scalars[index * 5],
            Step = _scalars[(index * 5) + 1],
            ErrorMemory = _scalars[(index * 5) + 2],
            SegmentStart = _scalars[(index * 5) + 3],
            NextSave = _ints[index * Ints],
            SegmentSteps = _ints[(index * Ints) + 1],
            StepsLeft = steps,
        };
    }

    /// <summary>Keeps the checkpoints at multiples of twice the interval (step 0 always stays).</summary>
    private void Thin()
    {
        int kept = 0;
        for (int i = 0; i < Stored; i++)
        {
            if (StepIndex(i) % (2 * Interval) != 0)
            {
                continue;
            }

            _y.AsSpan(i * _n, _n).CopyTo(_y.AsSpan(kept * _n, _n));
            _k0.AsSpan(i * _n, _n).CopyTo(_k0.AsSpan(kept * _n, _n));
            _scalars.AsSpan(i * 5, 5).CopyTo(_scalars.AsSpan(kept * 5, 5));
            _ints.AsSpan(i * Ints, Ints).CopyTo(_ints.AsSpan(kept * Ints, Ints));
            kept++;
        }

        Stored = kept;
        Interval *= 2;
    }
}

/// <summary>
/// Routes each accepted step of the forward solve to its lane's record; in a replay, whose slots are numbered from 0,
/// through a map from slot to lane.
/// </summary>
internal readonly struct TapeRecorder<T> : IStepRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly StepBuffer<T>[]? _steps;
    private readonly LaneCheckpoints<T>[]? _checkpoints;
    private readonly int[]? _lanes;

    public TapeRecorder(StepBuffer<T>[]? steps, LaneCheckpoints<T>[]? checkpoints, int[]? lanes = null)
    {
        _steps = steps;
        _checkpoints = checkpoints;
        _lanes = lanes;
    }

    public void Stepping(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active)
    {
    }

    public void Stepped(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active)
    {
        for (int i = 0; i < active; i++)
        {
            if (ws.Accepted[i])
            {
                int lane = _lanes is null ? ws.Lane[i] : _lanes[ws.Lane[i]];
                _steps?[lane].Add(ws, i);
                _checkpoints?[lane].Add(ws, i);
            }
        }
    }
}
