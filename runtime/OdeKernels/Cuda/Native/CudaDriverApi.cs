using System;
using System.Runtime.InteropServices;

namespace OdeKernels.Cuda.Native;

/// <summary>A CUDA driver API result (<c>CUresult</c>); 0 is success.</summary>
internal enum CuResult
{
    Success = 0,
}

/// <summary>
/// The CUDA driver API functions the backend calls (<c>libcuda.so.1</c>, found at run time by
/// <see cref="CudaRuntime"/>). Every signature is blittable (handles as <see cref="IntPtr"/>, device pointers as
/// <see cref="ulong"/>, buffers as <c>ref byte</c>), so no marshalling code runs and NativeAOT binds them directly.
/// </summary>
/// <remarks>
/// Source-generated <c>[LibraryImport]</c> bindings: the marshalling (for the <c>[In]</c>/<c>[Out]</c> arrays) is
/// generated at compile time, so NativeAOT needs no run-time stubs.
/// </remarks>
internal static partial class CudaDriverApi
{
    /// <summary>The logical library name; <see cref="CudaRuntime"/> resolves it to the loaded driver.</summary>
    public const string Library = "odekernels-cuda-driver";

    public const int ComputeCapabilityMajor = 75;
    public const int ComputeCapabilityMinor = 76;

    [LibraryImport(Library, EntryPoint = "cuInit")]
    public static partial CuResult Init(uint flags);

    [LibraryImport(Library, EntryPoint = "cuDriverGetVersion")]
    public static partial CuResult DriverGetVersion(out int version);

    [LibraryImport(Library, EntryPoint = "cuDeviceGetCount")]
    public static partial CuResult DeviceGetCount(out int count);

    [LibraryImport(Library, EntryPoint = "cuDeviceGet")]
    public static partial CuResult DeviceGet(out int device, int ordinal);

    [LibraryImport(Library, EntryPoint = "cuDeviceGetAttribute")]
    public static partial CuResult DeviceGetAttribute(out int value, int attribute, int device);

    [LibraryImport(Library, EntryPoint = "cuDeviceGetName")]
    public static partial CuResult DeviceGetName([Out] byte[] name, int length, int device);

    [LibraryImport(Library, EntryPoint = "cuDevicePrimaryCtxRetain")]
    public static partial CuResult DevicePrimaryCtxRetain(out IntPtr context, int device);

    [LibraryImport(Library, EntryPoint = "cuCtxSetCurrent")]
    public static partial CuResult CtxSetCurrent(IntPtr context);

    [LibraryImport(Library, EntryPoint = "cuStreamCreate")]
    public static partial CuResult StreamCreate(out IntPtr stream, uint flags);

    [LibraryImport(Library, EntryPoint = "cuStreamSynchronize")]
    public static partial CuResult StreamSynchronize(IntPtr stream);

    [LibraryImport(Library, EntryPoint = "cuModuleLoadData")]
    public static partial CuResult ModuleLoadData(out IntPtr module, [In] byte[] image);

    [LibraryImport(Library, EntryPoint = "cuModuleGetFunction")]
    public static partial CuResult ModuleGetFunction(out IntPtr function, IntPtr module, [In] byte[] name);

    [LibraryImport(Library, EntryPoint = "cuMemGetInfo_v2")]
    public static partial CuResult MemGetInfo(out nuint free, out nuint total);

    [LibraryImport(Library, EntryPoint = "cuMemAlloc_v2")]
    public static partial CuResult MemAlloc(out ulong pointer, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuMemFree_v2")]
    public static partial CuResult MemFree(ulong pointer);

    [LibraryImport(Library, EntryPoint = "cuMemsetD8_v2")]
    public static partial CuResult MemsetD8(ulong pointer, byte value, nuint count);

    [LibraryImport(Library, EntryPoint = "cuMemcpyHtoD_v2")]
    public static partial CuResult MemcpyHtoD(ulong destination, ref byte source, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuMemcpyDtoH_v2")]
    public static partial CuResult MemcpyDtoH(ref byte destination, ulong source, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuLaunchKernel")]
    public static partial CuResult LaunchKernel(
        IntPtr function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedBytes, IntPtr stream, [In] IntPtr[] parameters, IntPtr extra);

    [LibraryImport(Library, EntryPoint = "cuGetErrorName")]
    public static partial CuResult GetErrorName(CuResult error, out IntPtr name);
}
