using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using OdeKernels.Generated;

namespace OdeKernels.Solving;

/// <summary>
/// The path for one trajectory, or fewer than fill one hardware vector: each lane is solved on its own by
/// <see cref="SingleLaneIntegrator"/>, one after another. Below a vector's width the batched step runs only its scalar
/// tail anyway, so batching buys nothing there and its per-step bookkeeping would dominate a small system. Lanes are
/// independent trajectories and the single-lane step does the batched step's per-lane arithmetic, so each lane gets
/// the bits it would get in a batch. Re-entrant: every solve has its own buffers (on the stack when they are small,
/// rented from <see cref="ArrayPool{T}.Shared"/> otherwise), so a right-hand side may itself call the solver. The
/// lanes of a <see cref="SmallOdeSystemAttribute"/> struct go to its generated state form instead
/// (<see cref="SmallSystemForm{TSystem, T}"/>, then <see cref="StateLaneIntegrator"/>), which gives the same bits.
/// </summary>
internal static class FewLanes
{
    /// <summary>The largest lane buffer kept on the stack (bigger systems rent one).</summary>
    public const int StackBytes = 2048;

    /// <summary>Whether a solve of <paramref name="lanes"/> lanes takes this path.</summary>
    public static bool Applies<TTableau, T>(int lanes)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T> =>
        TTableau.HasLaneStep && (lanes == 1 || lanes < VectorWidth<T>());

    /// <summary>The lanes in the widest hardware vector the generated batched step uses (1 without hardware vectors).</summary>
    public static int VectorWidth<T>()
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported ? Vector512<T>.Count
        : Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported ? Vector256<T>.Count
        : Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported ? Vector128<T>.Count
        : 1;

    /// <summary>Solves every lane on its own and returns the solution (validated inputs).</summary>
    public static Solution<T> Solve<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = system.StateSize, lanes = y0.Length / n;
        var states = new T[saveAt.Length * y0.Length];
        var laneStats = new SolverStats[lanes];
        Into<TSystem, TTableau, T>(system, y0, saveAt, options, states, laneStats);
        return new Solution<T>(states, saveAt.ToArray(), lanes, n, laneStats);
    }

    /// <summary>
    /// Solves every lane on its own into <paramref name="states"/> (laid out like <see cref="Solution{T}.States"/>),
    /// each lane's work into <paramref name="laneStats"/> when it is not empty; returns the total work.
    /// </summary>
    public static SolverStats Into<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options, Span<T> states, Span<SolverStats> laneStats)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The trajectories of a [SmallOdeSystem] struct run its generated state form: the same steps and bits, with
        // the stages in registers. Found through a static field of the system's type, which boxes nothing.
        if (TTableau.HasStateStep && options.Backend != Backend.Cuda && SmallSystemForm<TSystem, T>.Registered is { } form)
        {
            return StateForms<TSystem, TTableau, T>(form, system, y0, saveAt, options, states, laneStats);
        }

        // Asked of the type, not the value: `system is ...` boxes a struct system in unoptimised (tier-0) code, and a
        // solve into a caller's buffer must not allocate from its first call on.
        bool isBatched = typeof(TSystem).IsValueType ? typeof(IBatchedOdeSystem<T>).IsAssignableFrom(typeof(TSystem)) : system is IBatchedOdeSystem<T>;
        if (isBatched)
        {
            var adapter = new BatchedLaneAdapter<T>((IBatchedOdeSystem<T>)system);
            return Lanes<BatchedLaneAdapter<T>, TTableau, T>(ref adapter, y0, saveAt, null, options, states, laneStats);
        }

        return Lanes<TSystem, TTableau, T>(ref system, y0, saveAt, null, options, states, laneStats);
    }

    /// <summary>
    /// Every lane through <paramref name="form"/>, the state form: one lane straight into <paramref name="states"/>;
    /// with several, each lane's rows into a buffer (on the stack when small), then to their places in the save-major
    /// layout, which leaves the state loop's output contiguous.
    /// </summary>
    private static SolverStats StateForms<TSystem, TTableau, T>(SmallSystemForm<TSystem, T> form, TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options, Span<T> states, Span<SolverStats> laneStats)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = system.StateSize, lanes = y0.Length / n, saves = saveAt.Length;
        if (lanes == 1)
        {
            SolverStats stats = form.SolveInto<TTableau>(system, y0, saveAt, states, options, 0);
            if (!laneStats.IsEmpty)
            {
                laneStats[0] = stats;
            }

            return stats;
        }

        int length = saves * n;
        T[]? rented = null;
        Span<T> rows = (long)length * Unsafe.SizeOf<T>() <= StackBytes ? stackalloc T[length] : (rented = ArrayPool<T>.Shared.Rent(length));
        try
        {
            var totals = default(LaneTotals);
            for (int lane = 0; lane < lanes; lane++)
            {
                SolverStats stats = form.SolveInto<TTableau>(system, y0.Slice(lane * n, n), saveAt, rows[..length], options, lane);
                for (int save = 0; save < saves; save++)
                {
                    rows.Slice(save * n, n).CopyTo(states.Slice(((save * lanes) + lane) * n, n));
                }

                totals.Add(stats, lane, laneStats);
            }

            return totals.Sum;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Solves every lane on its own, each on its save times in <paramref name="schedule"/>, into
    /// <paramref name="states"/> (<see cref="SaveSchedule{T}.Rows"/> × StateSize values, initial rows already written)
    /// and <paramref name="laneStats"/>; returns the total work.
    /// </summary>
    public static SolverStats Into<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, SolverOptions options, Span<T> states, Span<SolverStats> laneStats)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (system is IBatchedOdeSystem<T> batched)
        {
            var adapter = new BatchedLaneAdapter<T>(batched);
            return Lanes<BatchedLaneAdapter<T>, TTableau, T>(ref adapter, y0, schedule.Times, schedule, options, states, laneStats);
        }

        return Lanes<TSystem, TTableau, T>(ref system, y0, schedule.Times, schedule, options, states, laneStats);
    }

    /// <summary>
    /// Every lane through <see cref="SingleLaneIntegrator"/>: on <paramref name="times"/> shared (save-major rows) when
    /// <paramref name="schedule"/> is null, which allocates nothing, or on its own times in the schedule.
    /// </summary>
    private static SolverStats Lanes<TSystem, TTableau, T>(ref TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> times, SaveSchedule<T>? schedule, SolverOptions options, Span<T> states, Span<SolverStats> laneStats)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = system.StateSize, lanes = y0.Length / n;
        int length = SingleLaneIntegrator.BufferLength(n, TTableau.Info);
        T[]? rented = null;
        Span<T> buffer = (long)length * Unsafe.SizeOf<T>() <= StackBytes
            ? stackalloc T[length]
            : (rented = ArrayPool<T>.Shared.Rent(length));
        try
        {
            var totals = default(LaneTotals);
            var none = default(NoLaneRecorder<T>);
            for (int lane = 0; lane < lanes; lane++)
            {
                SolverStats stats = schedule is null
                    ? SingleLaneIntegrator.Solve<T, TTableau, TSystem, NoLaneRecorder<T>>(
                        ref system, y0.Slice(lane * n, n), times, 0, true, options, buffer, states, lane * n, lanes * n, lane, ref none)
                    : SingleLaneIntegrator.Solve<T, TTableau, TSystem, NoLaneRecorder<T>>(
                        ref system, y0.Slice(lane * n, n), times[..schedule.End(lane)], schedule.Start(lane), false, options, buffer, states, schedule.RowOffset(lane) * n, n, lane, ref none);
                totals.Add(stats, lane, laneStats);
            }

            return totals.Sum;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>The work of lanes solved one after another: each lane's into its slot (when asked), and the total.</summary>
internal struct LaneTotals
{
    private long _evaluations, _accepted, _rejected;

    /// <summary>The total over the lanes added so far.</summary>
    public readonly SolverStats Sum => new(_evaluations, _accepted, _rejected);

    /// <summary>Adds lane <paramref name="lane"/>'s work, and stores it in <paramref name="laneStats"/> unless that is empty.</summary>
    public void Add(SolverStats stats, int lane, Span<SolverStats> laneStats)
    {
        if (!laneStats.IsEmpty)
        {
            laneStats[lane] = stats;
        }

        _evaluations += stats.Evaluations;
        _accepted += stats.AcceptedSteps;
        _rejected += stats.RejectedSteps;
    }
}

/// <summary>
/// One lane of a batched system as a plain one: each evaluation is <see cref="IBatchedOdeSystem{T}.EvaluateBatch"/>
/// of one lane with stride 1 (a lane's components contiguous), which is what the system computes for that lane
/// inside any batch, so the single-lane path matches the batched one for generated networks too.
/// </summary>
internal readonly struct BatchedLaneAdapter<T> : IOdeSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBatchedOdeSystem<T> _system;

    public BatchedLaneAdapter(IBatchedOdeSystem<T> system) => _system = system;

    public int StateSize => _system.StateSize;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt) => _system.EvaluateBatch(new ReadOnlySpan<T>(in t), y, dydt, 1, 1);
}
