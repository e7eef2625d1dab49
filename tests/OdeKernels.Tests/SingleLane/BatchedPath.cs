using System;
using OdeKernels.Solving;

namespace OdeKernels.Tests.SingleLane;

/// <summary>The batched integrator driven directly, for comparisons with the single-lane path.</summary>
internal static class BatchedPath
{
    /// <summary>The batched path, whatever the number of lanes (the solver's own dispatch bypassed).</summary>
    public static Solution<T> Solve<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var none = default(NoRecorder<T>);
        return Ode.Run<TSystem, TTableau, T, NoRecorder<T>>(system, y0, saveAt, options, ref none);
    }
}
