using System;
using System.Runtime.InteropServices;

namespace OdeKernels.Testing;

/// <summary>
/// A fact about behaviour on a machine without the CUDA driver: skipped where <c>libcuda.so.1</c> loads (there the
/// CUDA path itself runs, and these expectations do not hold). Shared by the runtime's tests and the GPU kit's.
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
