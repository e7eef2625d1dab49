using System.Globalization;

namespace OdeKernels.Cuda;

/// <summary>The check, before any allocation, that a job's buffers fit in the device's free memory.</summary>
internal static class CudaMemory
{
    /// <summary>Throws a <see cref="CudaException"/> stating the bytes needed and free when <paramref name="needed"/> does not fit.</summary>
    public static void Check(long needed, long free, long total, int lanes, string what)
    {
        if (needed > free)
        {
            throw new CudaException("CUDA_ERROR_OUT_OF_MEMORY", string.Create(CultureInfo.InvariantCulture,
                $"The CUDA {what} of {lanes:N0} lanes needs {needed:N0} bytes of device memory, but only {free:N0} of the device's {total:N0} bytes are free; solve fewer lanes per call (the memory grows linearly with the lanes)."));
        }
    }
}
