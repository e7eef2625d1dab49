using System;

namespace OdeKernels.GpuCheck.Tests;

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
    public static string? Gcc { get; } = PathLookup.Find("gcc");
}
