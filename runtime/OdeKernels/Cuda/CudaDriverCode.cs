using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace OdeKernels.Cuda;

/// <summary>
/// The solver's CUDA C, written once for every network and tableau: the files of <c>Cuda/Device</c> (real
/// <c>.cu</c>/<c>.cuh</c> sources, so they can be read, diffed and compiled with a network and a tableau on their own),
/// embedded in the assembly and read once. <see cref="CudaKernelSource"/> composes them with a network's and a
/// tableau's generated device code. Each file includes what it needs (<c>#include "ode_integrator.cuh"</c>, which
/// includes the generated <c>ode_network.cuh</c> and <c>ode_tableau.cuh</c>) behind include guards, so nvcc compiles a
/// kernel file alone next to those two (<see cref="CudaKernelSource.WriteSources"/> writes the set); the composed
/// module drops these include lines, since it puts the files in include order itself.
/// </summary>
internal static class CudaDriverCode
{
    private const string ResourcePrefix = "OdeKernels.Cuda.Device.";

    // The include lines of our own files (and of the two generated ones): needed to compile a file alone, dropped
    // from the composed module, which orders the files itself. Declared first: the properties below read with it.
    private static readonly Regex OwnInclude = new(@"^#include ""ode_[a-z_]+\.cuh"".*\n", RegexOptions.Multiline | RegexOptions.CultureInvariant);

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

    /// <summary>What the entry points share (<c>ode_lane.cuh</c>): the network as a right-hand side, each adjoint lane's start and the block reduction.</summary>
    public static string Lane { get; } = Read("ode_lane.cuh");

    /// <summary>The names of the device source files, every one embedded from <c>Cuda/Device</c> (each file's text is <see cref="Source"/>).</summary>
    public static IReadOnlyList<string> FileNames { get; } = typeof(CudaDriverCode).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>One device source file's text as it is on disk (with its include lines).</summary>
    public static string Source(string name) => ReadRaw(name);

    /// <summary>The forward solve and the Backsolve adjoint kernels (<c>ode_kernels.cu</c>).</summary>
    public static string Kernels { get; } = Read("ode_kernels.cu");

    /// <summary>The Checkpointed (discrete) adjoint kernel (<c>ode_checkpointed.cu</c>).</summary>
    public static string Checkpointed { get; } = Read("ode_checkpointed.cu");

    private static string Read(string name) => OwnInclude.Replace(ReadRaw(name), string.Empty);

    /// <summary>
    /// An embedded source with '\n' line endings, so the text (and the compiled-module cache key, its SHA-256) does not
    /// depend on how the checkout stored it.
    /// </summary>
    private static string ReadRaw(string name)
    {
        using Stream stream = typeof(CudaDriverCode).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The embedded CUDA source '{ResourcePrefix + name}' is missing from {typeof(CudaDriverCode).Assembly.GetName().Name}; it is built from runtime/OdeKernels/Cuda/Device/{name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
