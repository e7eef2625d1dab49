namespace OdeKernels.Distributed.Mpi;

/// <summary>
/// The MPI C functions the runtime calls, over <see cref="MpiHandle"/>s, so that a binding of another ABI (MPICH's
/// integer handles) can be added beside <see cref="OpenMpiBinding"/> without changing <see cref="Communicator"/>.
/// Every method returns the MPI error code (0 is MPI_SUCCESS); <see cref="MpiException.ThrowIfFailed"/> checks it.
/// </summary>
internal unsafe interface IMpiBinding
{
    /// <summary>MPI_COMM_WORLD.</summary>
    MpiHandle World { get; }

    /// <summary>The library's name as loaded, for messages.</summary>
    string Library { get; }

    MpiHandle Type(MpiType type);

    MpiHandle Op(MpiOp op);

    int Initialized(out bool initialized);

    int Finalized(out bool finalized);

    int Init();

    int Finalize();

    int CommRank(MpiHandle comm, out int rank);

    int CommSize(MpiHandle comm, out int size);

    int Barrier(MpiHandle comm);

    int Bcast(void* buffer, int count, MpiHandle type, int root, MpiHandle comm);

    int Allreduce(void* send, void* receive, int count, MpiHandle type, MpiHandle op, MpiHandle comm);

    int Gatherv(void* send, int sendCount, MpiHandle type, void* receive, int* counts, int* displacements, int root, MpiHandle comm);

    int Allgatherv(void* send, int sendCount, MpiHandle type, void* receive, int* counts, int* displacements, MpiHandle comm);

    int Abort(MpiHandle comm, int code);
}
