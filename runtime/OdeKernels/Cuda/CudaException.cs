using System;

namespace OdeKernels.Cuda;

/// <summary>
/// The CUDA backend could not run: a library or device is missing, a driver or NVRTC call failed, a kernel did not
/// compile, or the device has too little memory for the solve. The message says which and why.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class CudaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorName">The driver's or NVRTC's error name (e.g. <c>CUDA_ERROR_NO_DEVICE</c>), or what was missing.</param>
    /// <param name="message">What failed and why.</param>
    public CudaException(string errorName, string message)
        : base(message)
    {
        ErrorName = errorName;
    }

    /// <summary>The driver's or NVRTC's error name, or a short name for what was missing (e.g. <c>libcuda.so.1</c>).</summary>
    public string ErrorName { get; }
}
