namespace OdeKernels.Distributed.Mpi;

/// <summary>
/// An MPI handle (communicator, datatype, operation) held abstractly: Open MPI's handles are pointers to exported
/// objects, MPICH's are 32-bit integers; both fit here, so callers never see which ABI is bound.
/// </summary>
/// <param name="Value">The pointer (Open MPI) or the integer (MPICH).</param>
internal readonly record struct MpiHandle(nint Value);

/// <summary>The MPI datatypes the runtime sends.</summary>
internal enum MpiType
{
    Float,
    Double,
    Int,
    Long,
    Byte,
}

/// <summary>The reduction operations the runtime uses.</summary>
internal enum MpiOp
{
    Sum,
    Min,
}
