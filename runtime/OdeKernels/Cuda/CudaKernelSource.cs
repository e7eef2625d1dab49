using System;

namespace OdeKernels.Cuda;

/// <summary>
/// Composes the CUDA C of one module: the solver's prelude, a network's generated device code
/// (<see cref="ICudaDynamics.CudaDeviceCode"/>), a tableau's step (<see cref="CudaTableauSource"/>), the per-lane
/// integrator and the kernels (forward solve, Backsolve, Checkpointed). The same network and tableau give the same
/// bytes, so a compiled module is cached by the text's SHA-256 (with the GPU architecture).
/// </summary>
internal static class CudaKernelSource
{
    /// <summary>The forward solve kernel.</summary>
    public const string SolveKernel = "ode_solve";

    /// <summary>The Backsolve adjoint kernel.</summary>
    public const string BacksolveKernel = "ode_backsolve";

    /// <summary>The Checkpointed (discrete) adjoint kernel.</summary>
    public const string CheckpointedKernel = "ode_checkpointed";

    public static string Compose(string networkCode, TableauInfo tableau)
    {
        ArgumentNullException.ThrowIfNull(networkCode);
        return string.Concat(CudaDriverCode.Prelude, networkCode, "\n", CudaTableauSource.Emit(tableau), CudaDriverCode.Integrator, CudaDriverCode.Kernels, CudaDriverCode.Checkpointed);
    }
}
