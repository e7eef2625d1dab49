using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OdeKernels.Distributed.Mpi;

/// <summary>
/// Finds and loads the MPI library once, on first use only (so that a program that never asks for MPI never loads
/// it), and points the binding's imports at it.
/// </summary>
internal static class MpiLibrary
{
    /// <summary>The names tried, in order: Open MPI's versioned soname first (what the runtime package installs).</summary>
    private static readonly string[] Candidates = ["libmpi.so.40", "libmpi.so"];

    /// <summary>An environment variable naming the library to load instead (a path, for an Open MPI outside the loader's path).</summary>
    public const string LibraryVariable = "ODEKERNELS_MPI_LIBRARY";

    private static readonly object Gate = new();
    private static IMpiBinding? s_binding;
    private static nint s_handle;

    /// <summary>What to install when no library is found.</summary>
    public const string InstallHint =
        "install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev; Fedora: dnf install openmpi openmpi-devel) " +
        "or put its libmpi.so.40 on LD_LIBRARY_PATH";

    /// <summary>The binding of the loaded library.</summary>
    /// <exception cref="MpiException">No MPI library is installed, or it is not Open MPI.</exception>
    public static IMpiBinding Load()
    {
        lock (Gate)
        {
            if (s_binding is not null)
            {
                return s_binding;
            }

            string? name = null;
            string[] candidates = Environment.GetEnvironmentVariable(LibraryVariable) is { Length: > 0 } chosen ? [chosen] : Candidates;
            foreach (string candidate in candidates)
            {
                if (NativeLibrary.TryLoad(candidate, out s_handle))
                {
                    name = candidate;
                    break;
                }
            }

            if (name is null)
            {
                throw new MpiException($"no MPI library found (tried {string.Join(", ", candidates)}): {InstallHint}.");
            }

            if (!OpenMpiBinding.Recognises(s_handle))
            {
                throw new MpiException($"{name} is not Open MPI (it does not export ompi_mpi_comm_world); OdeKernels.Distributed binds Open MPI's ABI: {InstallHint}.");
            }

            NativeLibrary.SetDllImportResolver(typeof(MpiLibrary).Assembly, Resolve);
            s_binding = new OpenMpiBinding(s_handle, name);
            return s_binding;
        }
    }

    private static nint Resolve(string library, Assembly assembly, DllImportSearchPath? path) =>
        library == OpenMpiBinding.ImportName ? s_handle : 0;
}
