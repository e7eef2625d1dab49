using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace OdeKernels.GpuCheck.Tests;

/// <summary>A test of the machine without the CUDA driver (the CPU path's automatic fallback); skipped where libcuda.so.1 loads.</summary>
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

/// <summary>A test that builds bench/gpu/stub/cuda_stub.c with gcc (Linux); skipped where gcc is not on PATH.</summary>
public sealed class FactRequiresGccAttribute : FactAttribute
{
    public FactRequiresGccAttribute()
    {
        if (!OperatingSystem.IsLinux() || Gcc is null)
        {
            Skip = "needs gcc on PATH (Linux) to build the stub CUDA driver.";
        }
    }

    /// <summary>gcc's full path, or null.</summary>
    public static string? Gcc { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "gcc"))
        .FirstOrDefault(File.Exists);
}
