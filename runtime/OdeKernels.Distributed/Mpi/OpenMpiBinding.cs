using System;
using System.Runtime.InteropServices;

namespace OdeKernels.Distributed.Mpi;

/// <summary>
/// Open MPI's ABI (libmpi.so.40, Open MPI 3 to 5): handles are pointers, and the predefined ones (MPI_COMM_WORLD,
/// MPI_DOUBLE, MPI_SUM, …) are the addresses of exported objects (<c>ompi_mpi_comm_world</c>, …), which
/// <see cref="NativeLibrary.GetExport"/> resolves, exactly what <c>mpi.h</c>'s macros expand to.
/// </summary>
internal sealed unsafe partial class OpenMpiBinding : IMpiBinding
{
    /// <summary>The name the imports below use; <see cref="MpiLibrary"/> resolves it to the loaded library.</summary>
    public const string ImportName = "odekernels-mpi";

    private readonly MpiHandle[] _types;
    private readonly MpiHandle[] _ops;

    public OpenMpiBinding(nint library, string name)
    {
        Library = name;
        World = Export(library, "ompi_mpi_comm_world");
        _types =
        [
            Export(library, "ompi_mpi_float"),
            Export(library, "ompi_mpi_double"),
            Export(library, "ompi_mpi_int"),
            Export(library, "ompi_mpi_long_long_int"),
            Export(library, "ompi_mpi_byte"),
        ];
        _ops = [Export(library, "ompi_mpi_op_sum"), Export(library, "ompi_mpi_op_min")];
    }

    public MpiHandle World { get; }

    public string Library { get; }

    /// <summary>Whether <paramref name="library"/> is Open MPI (it exports the predefined communicator object).</summary>
    public static bool Recognises(nint library) => NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out _);

    public MpiHandle Type(MpiType type) => _types[(int)type];

    public MpiHandle Op(MpiOp op) => _ops[(int)op];

    public int Initialized(out bool initialized)
    {
        int flag;
        int error = MPI_Initialized(&flag);
        initialized = flag != 0;
        return error;
    }

    public int Finalized(out bool finalized)
    {
        int flag;
        int error = MPI_Finalized(&flag);
        finalized = flag != 0;
        return error;
    }

    public int Init() => MPI_Init(null, null);

    public int Finalize() => MPI_Finalize();

    public int CommRank(MpiHandle comm, out int rank)
    {
        int value;
        int error = MPI_Comm_rank(comm.Value, &value);
        rank = value;
        return error;
    }

    public int CommSize(MpiHandle comm, out int size)
    {
        int value;
        int error = MPI_Comm_size(comm.Value, &value);
        size = value;
        return error;
    }

    public int Barrier(MpiHandle comm) => MPI_Barrier(comm.Value);

    public int Bcast(void* buffer, int count, MpiHandle type, int root, MpiHandle comm) => MPI_Bcast(buffer, count, type.Value, root, comm.Value);

    public int Allreduce(void* send, void* receive, int count, MpiHandle type, MpiHandle op, MpiHandle comm) =>
        MPI_Allreduce(send, receive, count, type.Value, op.Value, comm.Value);

    public int Gatherv(void* send, int sendCount, MpiHandle type, void* receive, int* counts, int* displacements, int root, MpiHandle comm) =>
        MPI_Gatherv(send, sendCount, type.Value, receive, counts, displacements, type.Value, root, comm.Value);

    public int Allgatherv(void* send, int sendCount, MpiHandle type, void* receive, int* counts, int* displacements, MpiHandle comm) =>
        MPI_Allgatherv(send, sendCount, type.Value, receive, counts, displacements, type.Value, comm.Value);

    public int Abort(MpiHandle comm, int code) => MPI_Abort(comm.Value, code);

    private static MpiHandle Export(nint library, string symbol) =>
        NativeLibrary.TryGetExport(library, symbol, out nint address)
            ? new MpiHandle(address)
            : throw new MpiException($"the MPI library does not export {symbol}: it is not Open MPI 3 or later (OdeKernels.Distributed binds Open MPI's ABI, libmpi.so.40).");

    [LibraryImport(ImportName)]
    private static partial int MPI_Initialized(int* flag);

    [LibraryImport(ImportName)]
    private static partial int MPI_Finalized(int* flag);

    [LibraryImport(ImportName)]
    private static partial int MPI_Init(int* argc, byte*** argv);

    [LibraryImport(ImportName)]
    private static partial int MPI_Finalize();

    [LibraryImport(ImportName)]
    private static partial int MPI_Comm_rank(nint comm, int* rank);

    [LibraryImport(ImportName)]
    private static partial int MPI_Comm_size(nint comm, int* size);

    [LibraryImport(ImportName)]
    private static partial int MPI_Barrier(nint comm);

    [LibraryImport(ImportName)]
    private static partial int MPI_Bcast(void* buffer, int count, nint type, int root, nint comm);

    [LibraryImport(ImportName)]
    private static partial int MPI_Allreduce(void* send, void* receive, int count, nint type, nint op, nint comm);

    [LibraryImport(ImportName)]
    private static partial int MPI_Gatherv(void* send, int sendCount, nint sendType, void* receive, int* counts, int* displacements, nint receiveType, int root, nint comm);

    [LibraryImport(ImportName)]
    private static partial int MPI_Allgatherv(void* send, int sendCount, nint sendType, void* receive, int* counts, int* displacements, nint receiveType, nint comm);

    [LibraryImport(ImportName)]
    private static partial int MPI_Abort(nint comm, int code);
}
