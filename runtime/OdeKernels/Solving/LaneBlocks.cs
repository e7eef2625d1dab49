using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace OdeKernels.Solving;

/// <summary>The work of one block of lanes: lanes [<c>first</c>, <c>first + count</c>) of the call.</summary>
internal interface IBlockWork
{
    void Run(int block, int first, int count);
}

/// <summary>
/// Splits a call's lanes into blocks of a system's <see cref="Size"/> lanes and runs them on up to
/// <see cref="SolverOptions.MaxDegreeOfParallelism"/> threads. The blocks do not depend on the thread count, and
/// whatever a block sums (a parameter gradient) is kept per block and added in block order by the caller, so a
/// result is the same bits on 1 thread or 64. Lanes are independent in the integrator (each has its own time, step
/// and controller), so a block is solved by the same code as a whole batch, on a sub-range.
/// </summary>
internal static class LaneBlocks
{
    /// <summary>
    /// Lanes per block of a system that states none (<see cref="ILaneBlockSize"/>). Small enough that 1,000 lanes keep 4 threads busy and a block's workspace (a few stages of a
    /// few components per lane) stays in the core's L2 cache; large enough that the per-step bookkeeping of a block
    /// (a few loops over its slots) is negligible beside its arithmetic and that every hardware vector is full
    /// (256 is a multiple of the 16 floats of AVX-512). A constant, not a function of the machine: results must not
    /// depend on where they are computed. A lane of a feature-map network costs 10⁵–10⁷ flops per evaluation, so a batch
    /// of 32 such lanes is seconds of work in one block on one thread: such a system states a smaller block (fixed by
    /// its type, never by the machine) through <see cref="ILaneBlockSize"/>.
    /// </summary>
    public const int Lanes = 256;

    /// <summary>
    /// The lanes per block of <paramref name="system"/> (a system, a network or an adapter around one):
    /// <see cref="ILaneBlockSize.LanesPerBlock"/> when it states one, else <see cref="Lanes"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The stated size is out of [1, <see cref="ILaneBlockSize.MaxLanesPerBlock"/>].</exception>
    public static int Size(object? system)
    {
        if (system is not ILaneBlockSize stated)
        {
            return Lanes;
        }

        int size = stated.LanesPerBlock;
        if (size < 1 || size > ILaneBlockSize.MaxLanesPerBlock)
        {
            throw new ArgumentException($"{system.GetType().Name}.LanesPerBlock must be in [1, {ILaneBlockSize.MaxLanesPerBlock}], but it is {size}.", nameof(system));
        }

        return size;
    }

    // Set while this thread works for a parallel region, so that a solve nested in a block (a right-hand side that
    // solves) runs inline instead of queuing more work on a pool that its caller already keeps busy.
    [ThreadStatic]
    private static bool t_inRegion;

    /// <summary>The number of blocks of <paramref name="size"/> lanes that hold <paramref name="lanes"/> lanes.</summary>
    public static int Count(int lanes, int size) => (lanes + size - 1) / size;

    /// <summary>The threads a call may use: the option, or every core for 0.</summary>
    public static int Degree(SolverOptions options) =>
        options.MaxDegreeOfParallelism == 0 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;

    /// <summary>
    /// Runs <paramref name="work"/> for every block of <paramref name="size"/> of the <paramref name="lanes"/> lanes: inline on this thread for one
    /// block, one thread, or inside another region; otherwise on up to <see cref="Degree"/> threads, this one
    /// included. Blocks are handed out in increasing order; after a block fails no new block starts, and the failure
    /// of the lowest failed block is rethrown (every block below it has run), the same failure for every thread count.
    /// </summary>
    public static void Run<TWork>(int lanes, int size, SolverOptions options, TWork work)
        where TWork : struct, IBlockWork =>
        Run(lanes, size, Degree(options), work);

    /// <summary>Runs <paramref name="work"/> as above on up to <paramref name="degree"/> threads.</summary>
    public static void Run<TWork>(int lanes, int size, int degree, TWork work)
        where TWork : struct, IBlockWork
    {
        int blocks = Count(lanes, size);
        int workers = Math.Min(blocks, degree);
        if (workers <= 1 || t_inRegion)
        {
            for (int b = 0; b < blocks; b++)
            {
                work.Run(b, b * size, Math.Min(size, lanes - (b * size)));
            }

            return;
        }

        var region = new Region<TWork>(work, blocks, lanes, size);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, region.Work);
        region.Failure?.Throw();
    }

    /// <summary>One parallel call: the next block to hand out and the lowest failure.</summary>
    private sealed class Region<TWork>(TWork work, int blocks, int lanes, int size)
        where TWork : struct, IBlockWork
    {
        private readonly TWork _work = work;
        private int _next = -1;
        private int _failedBlock = int.MaxValue;
        private volatile bool _failed;

        public ExceptionDispatchInfo? Failure { get; private set; }

        /// <summary>One worker: takes blocks until none is left (a worker the pool starts late finds none and returns).</summary>
        public void Work(int worker)
        {
            bool outer = t_inRegion;
            t_inRegion = true;
            try
            {
                while (!_failed)
                {
                    int b = Interlocked.Increment(ref _next);
                    if (b >= blocks)
                    {
                        return;
                    }

                    try
                    {
                        _work.Run(b, b * size, Math.Min(size, lanes - (b * size)));
                    }
                    catch (Exception e)
                    {
                        Fail(b, e);
                    }
                }
            }
            finally
            {
                t_inRegion = outer;
            }
        }

        private void Fail(int block, Exception e)
        {
            lock (this)
            {
                if (block < _failedBlock)
                {
                    _failedBlock = block;
                    Failure = ExceptionDispatchInfo.Capture(e);
                }
            }

            _failed = true;
        }
    }
}

/// <summary>
/// A span's memory, pinned by the caller for the whole of a parallel region, as a value a block on another thread can
/// hold (a span cannot leave its stack).
/// </summary>
internal readonly unsafe struct PinnedSpan<T>(T* pointer, int length)
    where T : unmanaged
{
    public ReadOnlySpan<T> Span => new(pointer, length);
}
