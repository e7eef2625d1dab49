using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;
using OdeKernels.Cuda.Native;

namespace OdeKernels.Cuda;

/// <summary>
/// Finds the CUDA driver and NVRTC at run time (no CUDA package is needed to build or run without a GPU) and opens
/// the process's one <see cref="CudaContext"/> on device 0. The outcome, either way, is decided once per process.
/// </summary>
internal static class CudaRuntime
{
    /// <summary>The driver library, tried in order.</summary>
    internal static readonly string[] DriverNames = OperatingSystem.IsWindows() ? ["nvcuda.dll"] : ["libcuda.so.1"];

    /// <summary>NVRTC: the unversioned name first (a toolkit install), then the versioned names of the runtime packages.</summary>
    internal static readonly string[] NvrtcNames = OperatingSystem.IsWindows()
        ? ["nvrtc64_130_0.dll", "nvrtc64_120_0.dll", "nvrtc64_112_0.dll"]
        : ["libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2"];

    private static readonly Lazy<(CudaContext? Device, CudaException? Missing)> s_device = new(Open);
    private static IntPtr s_driver;
    private static IntPtr s_nvrtc;

    /// <summary>The process's CUDA device, or why there is none (a library, or a device, is missing).</summary>
    public static bool TryGetDevice([NotNullWhen(true)] out CudaContext? device, [NotNullWhen(false)] out CudaException? missing)
    {
        (device, missing) = s_device.Value;
        if (device is null)
        {
            missing ??= new CudaException("unknown", "The CUDA device could not be opened.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Loads the first driver and the first NVRTC library found under the given names; returns why not, naming the
    /// library that is missing (the driver first: without it NVRTC is of no use).
    /// </summary>
    internal static CudaException? LoadLibraries(string[] driverNames, string[] nvrtcNames, out IntPtr driver, out IntPtr nvrtc)
    {
        nvrtc = IntPtr.Zero;
        if (!TryLoadAny(driverNames, out driver))
        {
            return new CudaException(driverNames[0], $"{string.Join(" / ", driverNames)} was not found: no NVIDIA driver is installed, or it is not on the library search path.");
        }

        if (!TryLoadAny(nvrtcNames, out nvrtc))
        {
            return new CudaException("libnvrtc", $"libnvrtc was not found (tried {string.Join(", ", nvrtcNames)}): install NVRTC from the CUDA toolkit (e.g. the cuda-nvrtc package) or put it on the library search path.");
        }

        return null;
    }

    private static (CudaContext?, CudaException?) Open()
    {
        CudaException? missing = LoadLibraries(DriverNames, NvrtcNames, out s_driver, out s_nvrtc);
        if (missing is not null)
        {
            return (null, missing);
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(CudaRuntime).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another part of the process set the assembly's resolver first; the logical names then fail to load,
            // which the calls below report.
        }

        try
        {
            CuResult init = CudaDriverApi.Init(0);
            if (init != CuResult.Success)
            {
                string name = CudaCheck.ErrorName(init);
                return (null, new CudaException(name, $"no usable CUDA device: cuInit returned {name}."));
            }

            CudaCheck.ThrowIfFailed(CudaDriverApi.DeviceGetCount(out int count));
            if (count == 0)
            {
                return (null, new CudaException("CUDA_ERROR_NO_DEVICE", "no CUDA device was found (cuDeviceGetCount returned 0)."));
            }

            return (new CudaContext(0), null);
        }
        catch (CudaException e)
        {
            return (null, e);
        }
        catch (DllNotFoundException e)
        {
            return (null, new CudaException("DllNotFound", $"the CUDA libraries were found but could not be bound: {e.Message}"));
        }
        catch (EntryPointNotFoundException e)
        {
            return (null, new CudaException("EntryPointNotFound", $"the CUDA driver or NVRTC is too old: {e.Message}"));
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name switch
    {
        CudaDriverApi.Library => s_driver,
        NvrtcApi.Library => s_nvrtc,
        _ => IntPtr.Zero,
    };

    private static bool TryLoadAny(string[] names, out IntPtr handle)
    {
        foreach (string name in names)
        {
            if (NativeLibrary.TryLoad(name, out handle))
            {
                return true;
            }
        }

        handle = IntPtr.Zero;
        return false;
    }
}
