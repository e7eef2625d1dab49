using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OdeKernels.Cuda.Native;

/// <summary>Checks every driver and NVRTC call: a failure becomes a <see cref="CudaException"/> naming the call and the error.</summary>
internal static class CudaCheck
{
    public static void ThrowIfFailed(CuResult result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != CuResult.Success)
        {
            string name = ErrorName(result);
            throw new CudaException(name, $"The CUDA driver call {call} failed with {name} ({(int)result}).");
        }
    }

    public static void ThrowIfFailed(NvrtcResult result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != NvrtcResult.Success)
        {
            string name = ErrorName(result);
            throw new CudaException(name, $"The NVRTC call {call} failed with {name} ({(int)result}).");
        }
    }

    public static string ErrorName(CuResult result) =>
        CudaDriverApi.GetErrorName(result, out IntPtr name) == CuResult.Success && name != IntPtr.Zero
            ? Marshal.PtrToStringAnsi(name) ?? $"CUresult {(int)result}"
            : $"CUresult {(int)result}";

    public static string ErrorName(NvrtcResult result) =>
        NvrtcApi.GetErrorString(result) is var text && text != IntPtr.Zero
            ? Marshal.PtrToStringAnsi(text) ?? $"nvrtcResult {(int)result}"
            : $"nvrtcResult {(int)result}";
}
