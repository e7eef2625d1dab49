using System;
using System.Runtime.InteropServices;

namespace OdeKernels.Cuda.Native;

/// <summary>An NVRTC result (<c>nvrtcResult</c>); 0 is success.</summary>
internal enum NvrtcResult
{
    Success = 0,
}

/// <summary>
/// The NVRTC functions the backend calls (<c>libnvrtc.so</c> or a versioned name, found at run time by
/// <see cref="CudaRuntime"/>); blittable signatures only, as in <see cref="CudaDriverApi"/>.
/// </summary>
internal static partial class NvrtcApi
{
    /// <summary>The logical library name; <see cref="CudaRuntime"/> resolves it to the loaded NVRTC.</summary>
    public const string Library = "odekernels-nvrtc";

    [LibraryImport(Library, EntryPoint = "nvrtcVersion")]
    public static partial NvrtcResult Version(out int major, out int minor);

    [LibraryImport(Library, EntryPoint = "nvrtcCreateProgram")]
    public static partial NvrtcResult CreateProgram(out IntPtr program, [In] byte[] source, [In] byte[] name, int headers, IntPtr headerSources, IntPtr headerNames);

    [LibraryImport(Library, EntryPoint = "nvrtcCompileProgram")]
    public static partial NvrtcResult CompileProgram(IntPtr program, int optionCount, [In] IntPtr[] options);

    [LibraryImport(Library, EntryPoint = "nvrtcGetProgramLogSize")]
    public static partial NvrtcResult GetProgramLogSize(IntPtr program, out nuint size);

    [LibraryImport(Library, EntryPoint = "nvrtcGetProgramLog")]
    public static partial NvrtcResult GetProgramLog(IntPtr program, [Out] byte[] log);

    [LibraryImport(Library, EntryPoint = "nvrtcGetPTXSize")]
    public static partial NvrtcResult GetPtxSize(IntPtr program, out nuint size);

    [LibraryImport(Library, EntryPoint = "nvrtcGetPTX")]
    public static partial NvrtcResult GetPtx(IntPtr program, [Out] byte[] ptx);

    [LibraryImport(Library, EntryPoint = "nvrtcDestroyProgram")]
    public static partial NvrtcResult DestroyProgram(ref IntPtr program);

    [LibraryImport(Library, EntryPoint = "nvrtcGetErrorString")]
    public static partial IntPtr GetErrorString(NvrtcResult result);
}
