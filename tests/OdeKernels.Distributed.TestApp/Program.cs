using System;
using OdeKernels.Distributed;
using OdeKernels.Distributed.TestApp;
using OdeKernels.Training;

// Usage: <mode> <out> [options]; see Scenarios. Started by mpirun, it runs on every rank; alone, as one process.
// Exit codes: 0 done, 1 a rank failed (every rank exits 1 with the same message), 3 an unexpected error (MPI_Abort).
using Communicator communicator = Communicator.Start();
try
{
    Scenarios.Run(communicator, args);
    return 0;
}
catch (RankFailedException e)
{
    if (communicator.IsRoot)
    {
        Console.Error.WriteLine($"error: {e.Message}");
    }

    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"rank {communicator.Rank}: unexpected {e.GetType().Name}: {e.Message}");
    communicator.Abort(3);
    return 3;
}
