using System;

namespace OdeKernels.Cuda;

/// <summary>
/// Composes the CUDA C of one module: the solver's prelude and contract (<see cref="CudaDriverCode"/>), a network's
/// generated device code (<see cref="ICudaDynamics.CudaDeviceCode"/>), a tableau's generated step
/// (<see cref="IRungeKuttaTableau.CudaStepSource"/>), the per-lane integrator and the kernels (forward solve,
/// Backsolve, Checkpointed). The runtime writes no kernel source of its own: it only puts these texts in order. The same network and tableau give the same
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

    public static string Compose(string networkCode, string tableauCode)
    {
        ArgumentNullException.ThrowIfNull(networkCode);
        ArgumentNullException.ThrowIfNull(tableauCode);
        return string.Concat(CudaDriverCode.Prelude, networkCode, "\n", tableauCode, CudaDriverCode.Integrator, CudaDriverCode.Kernels, CudaDriverCode.Checkpointed);
    }
}
