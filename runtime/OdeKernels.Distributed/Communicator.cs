using System;
using System.Numerics;
using System.Text;
using OdeKernels.Distributed.Mpi;
using OdeKernels.Training;

namespace OdeKernels.Distributed;

/// <summary>
/// The ranks of an MPI job (MPI_COMM_WORLD), or a single process when the program was not started by <c>mpirun</c>:
/// rank, size, and the collectives the runtime needs (sums, broadcast, gathers, barrier, abort). Under <c>mpirun</c>
/// it loads Open MPI's libmpi.so.40 and calls MPI_Init; <see cref="Dispose"/> calls MPI_Finalize.
/// </summary>
/// <remarks>
/// Collective methods must be called by every rank in the same order with matching lengths. Two kinds of sum:
/// <see cref="AllReduceSum(Span{double})"/> is MPI_Allreduce, whose order of addition is the MPI library's choice;
/// <see cref="SumInRankOrder{T}"/> gathers to rank 0, adds in rank order and broadcasts, so its bits depend only on the
/// rank count. (Sharded gradients go further: the ranks exchange per-block sums and add them in block order, see
/// <see cref="Distributed"/>.)
/// <para>Thread safety: not thread-safe; MPI is initialised for one thread (MPI_THREAD_SINGLE), so one thread per rank
/// makes every call.</para>
/// </remarks>
public sealed unsafe partial class Communicator : ITrainingCommunicator, IDisposable
{
    /// <summary>Environment variables that <c>mpirun</c> (Open MPI, PMIx, MPICH/Hydra) sets in each rank.</summary>
    private static readonly string[] LauncherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"];

    /// <summary>The root of <see cref="GatherV"/> that stands for every rank.</summary>
    private const int ToAll = -1;

    private readonly IMpiBinding? _mpi;
    private bool _disposed;

    private Communicator(IMpiBinding? mpi, int rank, int size)
    {
        _mpi = mpi;
        Rank = rank;
        Size = size;
    }

    /// <summary>This process's 0-based rank.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks.</summary>
    public int Size { get; }

    /// <summary>Whether this is rank 0, the one that writes files and prints.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>Whether MPI is in use (false for the single-process communicator of a program not started by <c>mpirun</c>).</summary>
    public bool UsesMpi => _mpi is not null;

    /// <summary>The MPI library loaded, or null without MPI.</summary>
    public string? Library => _mpi?.Library;

    /// <summary>Whether this process was started by an MPI launcher (<c>mpirun</c>/<c>mpiexec</c>), judged by the variables it sets.</summary>
    public static bool LaunchedByMpirun
    {
        get
        {
            foreach (string variable in LauncherVariables)
            {
                if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The communicator of this process: MPI_COMM_WORLD (after MPI_Init) when started by <c>mpirun</c> or when
    /// <paramref name="requireMpi"/> is set, otherwise a single-process communicator (rank 0 of 1) that never loads MPI.
    /// </summary>
    /// <param name="requireMpi">Load MPI even without <c>mpirun</c> (a singleton MPI job).</param>
    /// <returns>The communicator; dispose it at the end of the program.</returns>
    /// <exception cref="MpiException">MPI is needed but libmpi is not installed (the message says what to install), is not Open MPI, or MPI_Init failed.</exception>
    public static Communicator Start(bool requireMpi = false)
    {
        if (!requireMpi && !LaunchedByMpirun)
        {
            return new Communicator(null, 0, 1);
        }

        IMpiBinding mpi = MpiLibrary.Load();
        MpiException.ThrowIfFailed(mpi.Initialized(out bool initialized));
        if (!initialized)
        {
            MpiException.ThrowIfFailed(mpi.Init());
        }

        MpiException.ThrowIfFailed(mpi.CommRank(mpi.World, out int rank));
        MpiException.ThrowIfFailed(mpi.CommSize(mpi.World, out int size));
        return new Communicator(mpi, rank, size);
    }

    /// <summary>Waits until every rank has called it.</summary>
    public void Barrier()
    {
        if (_mpi is { } mpi)
        {
            MpiException.ThrowIfFailed(mpi.Barrier(mpi.World));
        }
    }

    /// <summary>
    /// Ends every rank of the job at once with <paramref name="exitCode"/> (MPI_Abort); for failures some ranks cannot
    /// report to the others. Without MPI it exits this process.
    /// </summary>
    /// <param name="exitCode">The exit code mpirun reports (non-zero).</param>
    public void Abort(int exitCode)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        if (_mpi is { } mpi)
        {
            mpi.Abort(mpi.World, exitCode);
        }

        Environment.Exit(exitCode);
    }

    /// <summary>Replaces <paramref name="values"/> on every rank by their sum over the ranks (MPI_Allreduce; the order of addition is the library's).</summary>
    /// <param name="values">This rank's values; receive the sum.</param>
    public void AllReduceSum(Span<double> values) => AllReduce(values, MpiOp.Sum);

    /// <inheritdoc cref="AllReduceSum(Span{double})"/>
    public void AllReduceSum(Span<float> values) => AllReduce(values, MpiOp.Sum);

    /// <summary>Copies rank <paramref name="root"/>'s <paramref name="values"/> into every rank's (MPI_Bcast).</summary>
    /// <typeparam name="T">float, double, int, long or byte.</typeparam>
    /// <param name="values">The root's data; received by the others (the same length on every rank).</param>
    /// <param name="root">The sending rank.</param>
    public void Broadcast<T>(Span<T> values, int root = 0)
        where T : unmanaged
    {
        CheckRoot(root);
        if (_mpi is not { } mpi || values.IsEmpty)
        {
            return;
        }

        fixed (T* p = values)
        {
            MpiException.ThrowIfFailed(mpi.Bcast(p, values.Length, TypeOf<T>(mpi), root, mpi.World));
        }
    }

    /// <summary>
    /// Concatenates every rank's <paramref name="local"/> in rank order into <paramref name="all"/> on rank
    /// <paramref name="root"/> (MPI_Gatherv); <paramref name="all"/> is not touched on the other ranks.
    /// </summary>
    /// <typeparam name="T">float, double, int, long or byte.</typeparam>
    /// <param name="local">This rank's part (length <c>counts[Rank]</c>).</param>
    /// <param name="counts">Every rank's length (the same on every rank).</param>
    /// <param name="all">On the root, receives Σ counts values; ignored elsewhere (may be empty).</param>
    /// <param name="root">The receiving rank.</param>
    public void Gather<T>(ReadOnlySpan<T> local, ReadOnlySpan<int> counts, Span<T> all, int root = 0)
        where T : unmanaged
    {
        CheckRoot(root);
        GatherV(local, counts, all, root);
    }

    /// <inheritdoc/>
    public void GatherToAll<T>(ReadOnlySpan<T> local, ReadOnlySpan<int> counts, Span<T> all)
        where T : unmanaged => GatherV(local, counts, all, ToAll);

    /// <inheritdoc/>
    public void SumInRankOrder<T>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Size == 1)
        {
            return;
        }

        // Gather to rank 0, add there in rank order in double, round once, broadcast: the same bits for the same rank
        // count on every run, which MPI_Allreduce (its own tree, its own order) does not promise.
        int n = values.Length;
        var counts = new int[Size];
        Array.Fill(counts, n);
        T[] all = IsRoot ? new T[checked(n * Size)] : [];
        Gather<T>(values, counts, all);
        if (IsRoot)
        {
            for (int k = 0; k < n; k++)
            {
                double sum = double.CreateTruncating(all[k]);
                for (int r = 1; r < Size; r++)
                {
                    sum += double.CreateTruncating(all[(r * n) + k]);
                }

                values[k] = T.CreateTruncating(sum);
            }
        }

        Broadcast(values);
    }

    /// <inheritdoc/>
    public void Agree(Exception? failure)
    {
        Span<int> first = [failure is null ? Size : Rank];
        AllReduce(first, MpiOp.Min);
        int failed = first[0];
        if (failed == Size)
        {
            return;
        }

        // The lowest failing rank's message, to every rank: the same error everywhere, not one error and p−1 hangs.
        byte[] text = Rank == failed ? Encoding.UTF8.GetBytes(failure!.Message) : [];
        Span<int> length = [text.Length];
        Broadcast(length, failed);
        if (Rank != failed)
        {
            text = new byte[length[0]];
        }

        Broadcast<byte>(text, failed);
        throw new RankFailedException(failed, $"rank {failed} of {Size} failed: {Encoding.UTF8.GetString(text)}", Rank == failed ? failure : null);
    }

    /// <summary>Calls MPI_Finalize (once, if this communicator uses MPI); every rank must call it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_mpi is { } mpi && mpi.Finalized(out bool finalized) == 0 && !finalized)
        {
            MpiException.ThrowIfFailed(mpi.Finalize());
        }
    }

    /// <summary>MPI_Gatherv to <paramref name="root"/>, or MPI_Allgatherv for <see cref="ToAll"/>.</summary>
    private void GatherV<T>(ReadOnlySpan<T> local, ReadOnlySpan<int> counts, Span<T> all, int root)
        where T : unmanaged
    {
        int total = CheckCounts(local, counts);
        if ((root == ToAll || Rank == root) && all.Length != total)
        {
            throw new ArgumentException($"all must hold the {total} values of every rank where they are received, but it holds {all.Length}.", nameof(all));
        }

        if (_mpi is not { } mpi)
        {
            local.CopyTo(all);
            return;
        }

        Span<int> displacements = Displacements(counts);
        fixed (T* send = local, receive = all)
        fixed (int* c = counts, d = displacements)
        {
            MpiException.ThrowIfFailed(root == ToAll
                ? mpi.Allgatherv(send, local.Length, TypeOf<T>(mpi), receive, c, d, mpi.World)
                : mpi.Gatherv(send, local.Length, TypeOf<T>(mpi), receive, c, d, root, mpi.World));
        }
    }

    private void AllReduce<T>(Span<T> values, MpiOp op)
        where T : unmanaged
    {
        if (_mpi is not { } mpi || values.IsEmpty)
        {
            return;
        }

        T[] send = values.ToArray();
        fixed (T* s = send, r = values)
        {
            MpiException.ThrowIfFailed(mpi.Allreduce(s, r, values.Length, TypeOf<T>(mpi), mpi.Op(op), mpi.World));
        }
    }

    private int CheckCounts<T>(ReadOnlySpan<T> local, ReadOnlySpan<int> counts)
    {
        if (counts.Length != Size)
        {
            throw new ArgumentException($"counts must hold one length per rank ({Size}), but it holds {counts.Length}.", nameof(counts));
        }

        if (counts[Rank] != local.Length)
        {
            throw new ArgumentException($"counts[{Rank}] is {counts[Rank]}, but this rank's part holds {local.Length} values.", nameof(counts));
        }

        long total = 0;
        foreach (int c in counts)
        {
            if (c < 0)
            {
                throw new ArgumentException($"counts must be non-negative, but it holds {c}.", nameof(counts));
            }

            total += c;
        }

        return total <= int.MaxValue
            ? (int)total
            : throw new ArgumentException($"the parts add up to {total} values, more than one MPI call sends ({int.MaxValue}).", nameof(counts));
    }

    private static Span<int> Displacements(ReadOnlySpan<int> counts)
    {
        var displacements = new int[counts.Length];
        for (int r = 1; r < counts.Length; r++)
        {
            displacements[r] = displacements[r - 1] + counts[r - 1];
        }

        return displacements;
    }

    private void CheckRoot(int root)
    {
        if ((uint)root >= (uint)Size)
        {
            throw new ArgumentOutOfRangeException(nameof(root), root, $"root must be a rank in [0, {Size}).");
        }
    }

    private static MpiHandle TypeOf<T>(IMpiBinding mpi)
        where T : unmanaged =>
        typeof(T) == typeof(float) ? mpi.Type(MpiType.Float)
        : typeof(T) == typeof(double) ? mpi.Type(MpiType.Double)
        : typeof(T) == typeof(int) ? mpi.Type(MpiType.Int)
        : typeof(T) == typeof(long) ? mpi.Type(MpiType.Long)
        : typeof(T) == typeof(byte) ? mpi.Type(MpiType.Byte)
        : throw new NotSupportedException($"MPI transfers of {typeof(T).Name} are not bound (float, double, int, long and byte are).");
}
