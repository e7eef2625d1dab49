using System;
using OdeKernels.Distributed;
using OdeKernels.Distributed.TestApp;
using OdeKernels.Training;

// Usage: <mode> <out> [--option value]...; see Scenarios. Started by mpirun it runs on every rank; alone, as one process.
// Exit codes: 0 done; 1 a rank failed (every rank exits 1, rank 0 prints the failing rank's message); 2 MPI could not
// be started (the message says what to install); 3 an unexpected error on one rank (it prints and aborts the job).
Communicator communicator;
try
{
    communicator = Communicator.Start();
}
catch (MpiException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

using (communicator)
{
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
}
