using System;

namespace OdeKernels.Training;

/// <summary>Checks shared by the learning-rate schedules.</summary>
internal static class Schedules
{
    public static void CheckIteration(long iteration)
    {
        if (iteration < 0)
        {
            throw new ArgumentException($"iteration must be non-negative, but it is {iteration}.", nameof(iteration));
        }
    }
}
