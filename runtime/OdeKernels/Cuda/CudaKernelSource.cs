using System;
using System.IO;

namespace OdeKernels.Cuda;

/// <summary>
/// Composes the CUDA C of one module: the solver's prelude and contract (<see cref="CudaDriverCode"/>), a network's
/// generated device code (<see cref="ICudaDynamics.CudaDeviceCode"/>), a tableau's generated step
/// (<see cref="IRungeKuttaTableau.CudaStepSource"/>), the per-lane integrator, what the entry points share and the kernels (forward solve,
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
        return string.Concat(CudaDriverCode.Prelude, networkCode, "\n", tableauCode, CudaDriverCode.Integrator, CudaDriverCode.Lane, CudaDriverCode.Kernels, CudaDriverCode.Checkpointed);
    }

    /// <summary>The generated network's file name in <see cref="WriteSources"/>' folder (included by <c>ode_integrator.cuh</c>).</summary>
    public const string NetworkFile = "ode_network.cuh";

    /// <summary>The generated tableau's file name in <see cref="WriteSources"/>' folder (included by <c>ode_integrator.cuh</c>).</summary>
    public const string TableauFile = "ode_tableau.cuh";

    /// <summary>
    /// Writes the device sources as files into <paramref name="folder"/>, with the network's and the tableau's generated
    /// code as <see cref="NetworkFile"/> and <see cref="TableauFile"/>, so that each kernel file
    /// (<c>ode_kernels.cu</c>, <c>ode_checkpointed.cu</c>) compiles on its own, e.g.
    /// <c>nvcc -c -I folder folder/ode_kernels.cu</c> (the network's code defines <c>ode_t</c>, float or double). For reading, diffing and checking the device code with a CUDA compiler outside the runtime.
    /// </summary>
    /// <param name="folder">An existing folder.</param>
    /// <param name="networkCode">The network's generated device code.</param>
    /// <param name="tableauCode">The tableau's generated CUDA step.</param>
    public static void WriteSources(string folder, string networkCode, string tableauCode)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(networkCode);
        ArgumentNullException.ThrowIfNull(tableauCode);
        foreach (string name in CudaDriverCode.FileNames)
        {
            File.WriteAllText(Path.Combine(folder, name), CudaDriverCode.Source(name));
        }

        File.WriteAllText(Path.Combine(folder, NetworkFile), networkCode);
        File.WriteAllText(Path.Combine(folder, TableauFile), tableauCode);
    }
}
