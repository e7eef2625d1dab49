using System;
using System.IO;

namespace OdeKernels.Cuda;

/// <summary>
/// The solver's CUDA C, written once for every network and tableau: the files of <c>Cuda/Device</c> (real
/// <c>.cu</c>/<c>.cuh</c> sources, so they can be read, diffed and compiled with a network and a tableau on their own),
/// embedded in the assembly and read once. <see cref="CudaKernelSource"/> composes them with a network's and a
/// tableau's generated device code.
/// </summary>
internal static class CudaDriverCode
{
    private const string ResourcePrefix = "OdeKernels.Cuda.Device.";

    /// <summary>
    /// The contract shared with the host (<c>ode_contract.cuh</c>): lane status codes (<see cref="CudaStatus"/>),
    /// the packed options' layout (<see cref="CudaBackend.OptionLayout"/>) and the checkpoint buffers' scalars.
    /// </summary>
    public static string Contract { get; } = Read("ode_contract.cuh");

    /// <summary>
    /// What goes before the network's code (<c>ode_prelude.cuh</c>, then <see cref="Contract"/>): math overloads for
    /// float and double, NaN-propagating max, the dynamic shared-memory macro and the contract.
    /// </summary>
    public static string Prelude { get; } = Read("ode_prelude.cuh") + Contract;

    /// <summary>One lane's adaptive solve (<c>ode_integrator.cuh</c>), after the tableau's step.</summary>
    public static string Integrator { get; } = Read("ode_integrator.cuh");

    /// <summary>The forward solve and the Backsolve adjoint kernels (<c>ode_kernels.cu</c>).</summary>
    public static string Kernels { get; } = Read("ode_kernels.cu");

    /// <summary>The Checkpointed (discrete) adjoint kernel (<c>ode_checkpointed.cu</c>).</summary>
    public static string Checkpointed { get; } = Read("ode_checkpointed.cu");

    /// <summary>
    /// An embedded source with '\n' line endings, so the text (and the compiled-module cache key, its SHA-256) does not
    /// depend on how the checkout stored it.
    /// </summary>
    private static string Read(string name)
    {
        using Stream stream = typeof(CudaDriverCode).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The embedded CUDA source '{ResourcePrefix + name}' is missing from {typeof(CudaDriverCode).Assembly.GetName().Name}; it is built from runtime/OdeKernels/Cuda/Device/{name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
