using System;
using System.IO;
using System.Runtime.InteropServices;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// A fact that needs <c>g++</c> (to build the CUDA kernels against the CPU shim): skipped, with the reason, where
/// <c>g++</c> is not on PATH, so a machine without it reports the tests as skipped rather than passed.
/// </summary>
public sealed class FactRequiresGppAttribute : FactAttribute
{
    public FactRequiresGppAttribute()
    {
        if (ShimCompiler.FindGpp() is null)
        {
            Skip = "g++ is not on PATH: the CUDA kernels cannot be built against the CPU shim here.";
        }
    }
}

/// <summary>A theory that needs <c>g++</c>; see <see cref="FactRequiresGppAttribute"/>.</summary>
public sealed class TheoryRequiresGppAttribute : TheoryAttribute
{
    public TheoryRequiresGppAttribute()
    {
        if (ShimCompiler.FindGpp() is null)
        {
            Skip = "g++ is not on PATH: the CUDA kernels cannot be built against the CPU shim here.";
        }
    }
}

/// <summary>
/// A fact about behaviour on a machine without the CUDA driver: skipped where <c>libcuda.so.1</c> loads (there the
/// CUDA path itself runs, and these expectations do not hold).
/// </summary>
public sealed class FactWithoutCudaDriverAttribute : FactAttribute
{
    public FactWithoutCudaDriverAttribute()
    {
        if (NativeLibrary.TryLoad("libcuda.so.1", out IntPtr handle))
        {
            NativeLibrary.Free(handle);
            Skip = "libcuda.so.1 is present: this test describes a machine without the CUDA driver.";
        }
    }
}

/// <summary>Finds executables on PATH.</summary>
internal static class PathLookup
{
    public static string? Find(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
