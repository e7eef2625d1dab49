using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>
/// The buffers of one batched solve, kept per thread and reused: touching fresh memory costs microseconds per page,
/// far more than a small solve's arithmetic, so repeated solves (training) must not allocate them again.
/// State-shaped buffers are component-major with stride <see cref="Capacity"/>.
/// </summary>
internal sealed class SolveWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>How many workspaces (of different state sizes) a thread keeps: a gradient alternates two or three.</summary>
    private const int Kept = 4;

    [ThreadStatic]
    private static SolveWorkspace<T>?[]? s_cached;

    private SolveWorkspace(int capacity, int stateSize, int stages)
    {
        Capacity = capacity;
        StateSize = stateSize;
        StageCount = stages;
        int block = capacity * stateSize;
        Y = GC.AllocateUninitializedArray<T>(block);
        YNew = GC.AllocateUninitializedArray<T>(block);
        StageState = GC.AllocateUninitializedArray<T>(block);
        Stages = GC.AllocateUninitializedArray<T>(block * stages);
        TimeT = GC.AllocateUninitializedArray<T>(capacity);
        StepT = GC.AllocateUninitializedArray<T>(capacity);
        StageTimeT = GC.AllocateUninitializedArray<T>(capacity);
        ErrorSquares = GC.AllocateUninitializedArray<T>(capacity);
        Time = new double[capacity];
        Step = new double[capacity];
        Taken = new double[capacity];
        PreviousError = new double[capacity];
        ErrorNorm = new double[capacity];
        SegmentStart = new double[capacity];
        SegmentSteps = new int[capacity];
        StepsLeft = new int[capacity];
        Lane = new int[capacity];
        NextSave = new int[capacity];
        Clipped = new bool[capacity];
        Accepted = new bool[capacity];
        Gathered = new int[capacity];
    }

    public int Capacity { get; }

    public int StateSize { get; }

    public int StageCount { get; }

    public T[] Y { get; }

    public T[] YNew { get; }

    public T[] StageState { get; }

    public T[] Stages { get; }

    public T[] TimeT { get; }

    public T[] StepT { get; }

    public T[] StageTimeT { get; }

    public T[] ErrorSquares { get; }

    /// <summary>Each slot's time, in double so that long solves in float32 do not drift off the save times.</summary>
    public double[] Time { get; }

    /// <summary>Each slot's proposed next step.</summary>
    public double[] Step { get; }

    /// <summary>The step each slot attempted in the current iteration (the proposal clipped to the next save time).</summary>
    public double[] Taken { get; }

    /// <summary>The error norm of each slot's last accepted step (the PI controller's memory).</summary>
    public double[] PreviousError { get; }

    /// <summary>The save time each slot last landed on (fixed steps advance from it as start + k·h, which does not drift).</summary>
    public double[] SegmentStart { get; }

    /// <summary>The steps each slot has taken since <see cref="SegmentStart"/>.</summary>
    public int[] SegmentSteps { get; }

    /// <summary>The error norm of each slot's current step (NaN where the trial state was not finite).</summary>
    public double[] ErrorNorm { get; }

    /// <summary>How many more steps each slot may accept before it stops (a replay's budget; int.MaxValue in a solve).</summary>
    public int[] StepsLeft { get; }

    /// <summary>The lane held by each slot (slots are compacted as lanes finish).</summary>
    public int[] Lane { get; }

    /// <summary>The index of the save time each slot is heading for.</summary>
    public int[] NextSave { get; }

    /// <summary>Whether the current step was shortened to land on a save time.</summary>
    public bool[] Clipped { get; }

    /// <summary>Whether each slot's current step was accepted.</summary>
    public bool[] Accepted { get; }

    /// <summary>Scratch: the slots gathered for a partial evaluation.</summary>
    public int[] Gathered { get; }

    /// <summary>
    /// A scratch array kept with this workspace (so with the thread) for a recorder's own buffers: the adjoints
    /// need a few state-shaped rows per step, and allocating them per gradient would cost as much as the solve
    /// once a thread has seen a large batch (the stride is the workspace's capacity).
    /// </summary>
    /// <param name="index">Which of the <see cref="ExtraBuffers"/> buffers.</param>
    /// <param name="length">The length needed.</param>
    public T[] Extra(int index, int length)
    {
        T[]? buffer = _extra[index];
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<T>(length);
            _extra[index] = buffer;
        }

        return buffer;
    }

    /// <summary>How many <see cref="Extra"/> buffers a workspace keeps.</summary>
    public const int ExtraBuffers = 4;

    private readonly T[]?[] _extra = new T[]?[ExtraBuffers];

    /// <summary>Returns this thread's workspace for the state size, grown if it is too small for the solve.</summary>
    public static SolveWorkspace<T> Rent(int lanes, int stateSize, int stages)
    {
        SolveWorkspace<T>?[] cache = s_cached ??= new SolveWorkspace<T>?[Kept];
        int slot = Kept - 1;
        for (int k = 0; k < Kept; k++)
        {
            if (cache[k] is { } found && found.StateSize == stateSize)
            {
                if (found.Capacity >= lanes && found.StageCount >= stages)
                {
                    return found;
                }

                slot = k;
                lanes = Math.Max(lanes, found.Capacity);
                stages = Math.Max(stages, found.StageCount);
                break;
            }

            if (cache[k] is null)
            {
                slot = k;
                break;
            }
        }

        var created = new SolveWorkspace<T>(lanes, stateSize, stages);
        cache[slot] = created;
        return created;
    }

    /// <summary>Moves slot <paramref name="from"/>'s lane into slot <paramref name="to"/> (the first stage derivative with it).</summary>
    public void MoveSlot(int from, int to)
    {
        int stride = Capacity;
        for (int c = 0; c < StateSize; c++)
        {
            Y[(c * stride) + to] = Y[(c * stride) + from];
            Stages[(c * stride) + to] = Stages[(c * stride) + from];
        }

        Time[to] = Time[from];
        Step[to] = Step[from];
        PreviousError[to] = PreviousError[from];
        SegmentStart[to] = SegmentStart[from];
        SegmentSteps[to] = SegmentSteps[from];
        StepsLeft[to] = StepsLeft[from];
        Lane[to] = Lane[from];
        NextSave[to] = NextSave[from];
    }
}
