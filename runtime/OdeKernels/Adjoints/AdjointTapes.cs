using System;
using System.Numerics;

namespace OdeKernels.Adjoints;

/// <summary>
/// The discrete adjoints' per-lane records of one gradient call, kept per thread and reused as
/// <see cref="Solving.SolveWorkspace{T}"/> keeps the solver's buffers: Direct's step tapes, Checkpointed's
/// checkpoints and the replay segments between them. A tape grows with the steps of its lane (doubling), so
/// allocating them per call made every gradient cost memory in proportion to its steps; kept, a training loop's
/// repeated gradients of one shape allocate none of it after the first. A call takes a set out of the thread's idle
/// list for its whole duration (<see cref="Rent"/>, <see cref="Return"/>), so a gradient nested in a right-hand side,
/// or a block of the same call run inline on this thread, gets a set of its own.
/// </summary>
/// <remarks>
/// Release: the sets are held by the thread that ran the call (freed with it) and trimmed on reuse: a call keeps the
/// records of the lanes it uses and drops those of any further lanes an earlier, larger call left, and a lane's tape
/// that an earlier, longer call grew to more than <see cref="SlackFactor"/> times this call's steps is given back.
/// <see cref="Ode.ReleaseThreadBuffers"/> drops the calling thread's idle sets at once.
/// </remarks>
internal sealed class AdjointTapes<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Idle sets a thread keeps: the call's own and one for a block of it run inline (plus one for nesting).</summary>
    private const int Kept = 3;

    /// <summary>How many times more steps than a call used a lane's tape may keep before it is given back.</summary>
    public const int SlackFactor = 4;

    [ThreadStatic]
    private static AdjointTapes<T>?[]? t_idle;

    private StepBuffer<T>[] _steps = [];
    private LaneCheckpoints<T>[] _checkpoints = [];
    private int _stepsUsed;
    private int _checkpointsUsed;

    private AdjointTapes(int stateSize) => StateSize = stateSize;

    /// <summary>The components per lane of every record in this set.</summary>
    public int StateSize { get; }

    /// <summary>The lanes this set holds records for.</summary>
    private int Lanes => Math.Max(_steps.Length, _checkpoints.Length);

    /// <summary>
    /// Takes this thread's idle set for the state size that best fits <paramref name="lanes"/> (the smallest that
    /// holds them, else the largest), or a new one; hand it to <see cref="Return"/> in a <c>finally</c>. Best fit, so
    /// that a call and a block of it run inline on this thread (one lane's replay segment) each find their own set
    /// again on the next call instead of trading them and regrowing.
    /// </summary>
    public static AdjointTapes<T> Rent(int stateSize, int lanes)
    {
        AdjointTapes<T>?[] idle = t_idle ??= new AdjointTapes<T>?[Kept];
        int best = -1;
        for (int k = 0; k < Kept; k++)
        {
            if (idle[k] is not { } found || found.StateSize != stateSize)
            {
                continue;
            }

            if (best < 0)
            {
                best = k;
                continue;
            }

            int have = idle[best]!.Lanes, candidate = found.Lanes;
            bool better = have >= lanes ? candidate >= lanes && candidate < have : candidate > have;
            if (better)
            {
                best = k;
            }
        }

        if (best < 0)
        {
            return new AdjointTapes<T>(stateSize);
        }

        AdjointTapes<T> taken = idle[best]!;
        Array.Copy(idle, best + 1, idle, best, Kept - 1 - best);
        idle[Kept - 1] = null;
        return taken;
    }

    /// <summary>
    /// Trims <paramref name="tapes"/> to what its call used and hands it back to this thread's idle list (the one
    /// returned longest ago drops out when the list is full). Also after a failed call: every record is cleared
    /// before it is used again.
    /// </summary>
    public static void Return(AdjointTapes<T> tapes)
    {
        tapes.Trim();
        AdjointTapes<T>?[] idle = t_idle ??= new AdjointTapes<T>?[Kept];
        Array.Copy(idle, 0, idle, 1, Kept - 1);
        idle[0] = tapes;
    }

    /// <summary>Drops this thread's idle sets (of this element type).</summary>
    public static void Release() => t_idle = null;

    /// <summary>
    /// Step tapes for lanes [0, <paramref name="lanes"/>), each empty; the array may be longer (index it by lane).
    /// </summary>
    public StepBuffer<T>[] Steps(int lanes)
    {
        if (_steps.Length < lanes)
        {
            Array.Resize(ref _steps, lanes);
        }

        for (int lane = 0; lane < lanes; lane++)
        {
            (_steps[lane] ??= new StepBuffer<T>(StateSize)).Clear();
        }

        _stepsUsed = Math.Max(_stepsUsed, lanes);
        return _steps;
    }

    /// <summary>
    /// Checkpoint stores for lanes [0, <paramref name="lanes"/>), each empty and keeping at most
    /// <paramref name="limit"/> checkpoints (0: about 2√N); the array may be longer (index it by lane).
    /// </summary>
    public LaneCheckpoints<T>[] Checkpoints(int lanes, int limit)
    {
        if (_checkpoints.Length < lanes)
        {
            Array.Resize(ref _checkpoints, lanes);
        }

        for (int lane = 0; lane < lanes; lane++)
        {
            (_checkpoints[lane] ??= new LaneCheckpoints<T>(StateSize, limit)).Reset(limit);
        }

        _checkpointsUsed = Math.Max(_checkpointsUsed, lanes);
        return _checkpoints;
    }

    /// <summary>Drops the records of lanes this call did not use and tapes far longer than this call needed.</summary>
    private void Trim()
    {
        if (_steps.Length > _stepsUsed)
        {
            Array.Resize(ref _steps, _stepsUsed);
        }

        for (int lane = 0; lane < _steps.Length; lane++)
        {
            _steps[lane]?.Trim(SlackFactor);
        }

        if (_checkpoints.Length > _checkpointsUsed)
        {
            Array.Resize(ref _checkpoints, _checkpointsUsed);
        }

        _stepsUsed = 0;
        _checkpointsUsed = 0;
    }
}
