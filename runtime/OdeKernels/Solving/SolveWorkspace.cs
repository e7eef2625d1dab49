using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels.Solving;

/// <summary>
/// The buffers of one batched solve, kept per thread and reused: touching fresh memory costs microseconds per page,
/// far more than a small solve's arithmetic, so repeated solves (training) must not allocate them again. A solve
/// rents a workspace for its whole duration and returns it afterwards (<see cref="Rent"/>, <see cref="Return"/>), so
/// a solve nested in another's right-hand side on the same thread works in buffers of its own.
/// State-shaped buffers are component-major with stride <see cref="Capacity"/>.
/// </summary>
internal sealed class SolveWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// How many idle workspaces a thread keeps: a gradient alternates two or three state sizes, and a solve nested in
    /// a right-hand side holds one more of the same size while the outer one is out.
    /// </summary>
    private const int Kept = 4;

    // The thread's idle workspaces, most recently returned first. A workspace is taken out of this list for the
    // whole of a solve, so a solve started inside the right-hand side of another (on the same thread) never finds
    // the outer one's buffers here and gets its own.
    [ThreadStatic]
    private static SolveWorkspace<T>?[]? t_idle;

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
        ErrorMemory = new double[capacity];
        ErrorNorm = new double[capacity];
        SegmentStart = new double[capacity];
        SegmentSteps = new int[capacity];
        StepsLeft = new int[capacity];
        Lane = new int[capacity];
        NextSave = new int[capacity];
        SaveEnd = new int[capacity];
        Clipped = new bool[capacity];
        Accepted = new bool[capacity];
        Gathered = new int[capacity];
        End = new double[capacity];
        Inside = new int[capacity];
        Lands = new bool[capacity];
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

    /// <summary>The PI controller's memory of each slot's last accepted step: its error norm to the power β (<see cref="StepController.Memory"/>).</summary>
    public double[] ErrorMemory { get; }

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

    /// <summary>One past the index of each slot's last save time in its lane's sequence (see <see cref="SaveSchedule{T}"/>).</summary>
    public int[] SaveEnd { get; }

    /// <summary>Whether the current step was shortened to land on a save time.</summary>
    public bool[] Clipped { get; }

    /// <summary>Whether each slot's current step was accepted.</summary>
    public bool[] Accepted { get; }

    /// <summary>Per attempted step: the time it reaches if accepted.</summary>
    public double[] End { get; }

    /// <summary>Per attempted step: the save times strictly inside it (from <see cref="NextSave"/> on; dense output only).</summary>
    public int[] Inside { get; }

    /// <summary>Per attempted step: whether it ends exactly on the save time after the ones inside it.</summary>
    public bool[] Lands { get; }

    /// <summary>
    /// f(t + h, y_new) of each slot, for cubic Hermite dense output of a method without FSAL; allocated on first use
    /// (only such solves need it).
    /// </summary>
    public T[] EndDerivative => _endDerivative ??= GC.AllocateUninitializedArray<T>(Capacity * StateSize);

    private T[]? _endDerivative;

    /// <summary>
    /// Per-slot work counters for a replay (lanes numbered by slot), zeroed; kept with the workspace because the
    /// Checkpointed adjoint replays one segment per checkpoint, so counters made per replay would cost memory in
    /// proportion to the number of checkpoints on every gradient.
    /// </summary>
    /// <param name="lanes">The slots the replay uses.</param>
    public LaneCounters ReplayCounters(int lanes)
    {
        LaneCounters counters = _replayCounters ??= new LaneCounters(0, Capacity);
        counters.Clear(lanes);
        return counters;
    }

    private LaneCounters? _replayCounters;

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

    /// <summary>
    /// Takes a workspace for the state size out of this thread's idle list (the smallest one that fits), or creates
    /// one; the caller owns it until it hands it to <see cref="Return"/>, in a <c>finally</c>. A workspace of the
    /// state size that is too small is dropped and replaced by one that covers both, so a thread keeps one
    /// workspace per state size unless solves nest.
    /// </summary>
    /// <exception cref="OutOfMemoryException">The buffers do not fit in memory; the message names the bytes needed.</exception>
    public static SolveWorkspace<T> Rent(int lanes, int stateSize, int stages)
    {
        SolveWorkspace<T>?[] idle = t_idle ??= new SolveWorkspace<T>?[Kept];
        int fit = -1, sameSize = -1;
        for (int k = 0; k < Kept; k++)
        {
            if (idle[k] is not { } found || found.StateSize != stateSize)
            {
                continue;
            }

            if (found.Capacity >= lanes && found.StageCount >= stages)
            {
                if (fit < 0 || found.Capacity < idle[fit]!.Capacity)
                {
                    fit = k;
                }
            }
            else if (sameSize < 0)
            {
                sameSize = k;
            }
        }

        if (fit >= 0)
        {
            return Take(idle, fit);
        }

        if (sameSize >= 0)
        {
            // Cover both shapes, so alternating solves (a gradient's forward and replay, say) stop reallocating;
            // unless the union alone would not fit in an array, when the request's own shape is all that is kept.
            SolveWorkspace<T> smaller = Take(idle, sameSize);
            int unionLanes = Math.Max(lanes, smaller.Capacity), unionStages = Math.Max(stages, smaller.StageCount);
            if ((long)unionLanes * stateSize * unionStages <= BufferLimits.MaxElements)
            {
                (lanes, stages) = (unionLanes, unionStages);
            }
        }

        return Create(lanes, stateSize, stages);
    }

    /// <summary>
    /// Hands a workspace from <see cref="Rent"/> back to this thread's idle list (also after a failed solve: every
    /// solve initialises the slots it uses, so leftovers do no harm). When the list is full, the workspace returned
    /// longest ago is dropped.
    /// </summary>
    public static void Return(SolveWorkspace<T> workspace)
    {
        SolveWorkspace<T>?[] idle = t_idle ??= new SolveWorkspace<T>?[Kept];
        Array.Copy(idle, 0, idle, 1, Kept - 1);
        idle[0] = workspace;
    }

    /// <summary>Drops this thread's idle workspaces (of this element type): <see cref="Ode.ReleaseThreadBuffers"/>.</summary>
    public static void Release() => t_idle = null;

    /// <summary>The bytes a workspace of this shape holds (without its <see cref="Extra"/> buffers).</summary>
    public static long Bytes(long lanes, int stateSize, int stages)
    {
        long elementSize = Unsafe.SizeOf<T>();
        long states = lanes * stateSize * (3L + stages);
        long perLane = (4 * elementSize) + (7 * sizeof(double)) + (7 * sizeof(int)) + (3 * sizeof(bool));
        return (states * elementSize) + (lanes * perLane);
    }

    private static SolveWorkspace<T> Take(SolveWorkspace<T>?[] idle, int k)
    {
        SolveWorkspace<T> taken = idle[k]!;
        Array.Copy(idle, k + 1, idle, k, Kept - 1 - k);
        idle[Kept - 1] = null;
        return taken;
    }

    private static SolveWorkspace<T> Create(int lanes, int stateSize, int stages)
    {
        try
        {
            return new SolveWorkspace<T>(lanes, stateSize, stages);
        }
        catch (OutOfMemoryException e)
        {
            throw BufferLimits.OutOfMemory(Bytes(lanes, stateSize, stages), $"the solver's workspace ({lanes} lanes × {stateSize} components, {stages} stages, {typeof(T).Name})", e);
        }
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
        ErrorMemory[to] = ErrorMemory[from];
        SegmentStart[to] = SegmentStart[from];
        SegmentSteps[to] = SegmentSteps[from];
        StepsLeft[to] = StepsLeft[from];
        Lane[to] = Lane[from];
        NextSave[to] = NextSave[from];
        SaveEnd[to] = SaveEnd[from];
    }
}
