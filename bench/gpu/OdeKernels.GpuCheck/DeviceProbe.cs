using System;
using System.Diagnostics;
using System.Globalization;
using OdeKernels.Cuda;
using OdeKernels.Generated;

namespace OdeKernels.GpuCheck;

/// <summary>
/// The device steps: open CUDA through the runtime's own loader (so the check exercises the path a user's
/// <see cref="Backend.Cuda"/> solve takes) and report the device, then compile each module the check runs with NVRTC
/// and time the compile. Without a driver, NVRTC or a device the run carries on without CUDA, and the row says why.
/// </summary>
internal static class DeviceProbe
{
    /// <summary>The device, or null with the reason every CUDA row repeats.</summary>
    public static CudaContext? Open(CheckSettings settings, CheckTable table, out string reason)
    {
        if (settings.CpuOnly)
        {
            reason = "--cpu-only: CUDA was not loaded";
            table.Add("device", "CUDA device 0", "", "", "", "CUDA", "", "", "", "", CheckTable.Skipped, reason);
            return null;
        }

        Stopwatch clock = Stopwatch.StartNew();
        CudaContext? device;
        CudaException? missing;
        try
        {
            _ = CudaRuntime.TryGetDevice(out device, out missing);
        }
        catch (Exception e)
        {
            // The check is a diagnostic: whatever goes wrong in a step is that step's FAIL row, never the end of the run.
            reason = $"opening CUDA failed ({e.GetType().Name}; see the device row)";
            table.Add("device", "CUDA device 0", "", "", "", "CUDA", "", "", "", "", CheckTable.Fail, $"opening CUDA threw {e.GetType().Name}: {e.Message}");
            return null;
        }

        if (device is null)
        {
            missing ??= new CudaException("unknown", "The CUDA device could not be opened.");
            reason = $"no CUDA device ({missing.ErrorName}; see the device row)";
            table.Add("device", "CUDA device 0", "", "", "", "CUDA", "", "", "", "", settings.RequireCuda ? CheckTable.Fail : CheckTable.Skipped,
                $"no CUDA device ({missing.ErrorName}): {missing.Message} The CPU rows still run.");
            return null;
        }

        reason = string.Empty;
        try
        {
            (int nvrtcMajor, int nvrtcMinor) = CudaCompiler.Version();
            string description = string.Create(CultureInfo.InvariantCulture,
                $"{device.Name}, compute capability {device.ComputeCapability.Major}.{device.ComputeCapability.Minor} (NVRTC target {device.Architecture}), driver for CUDA {DriverVersion(device.DriverVersion)}, NVRTC {nvrtcMajor}.{nvrtcMinor}");
            table.AddHeader("CUDA device 0: " + description);
            table.Add("device", "CUDA device 0", "", "", "", "CUDA", device.Name, "", CheckTable.Number(clock.Elapsed.TotalSeconds), "", CheckTable.Ok, description + "; seconds: loading the driver and NVRTC, cuInit, the context");
            return device;
        }
        catch (Exception e)
        {
            reason = $"the device could not be described ({e.GetType().Name}; see the device row)";
            table.Add("device", "CUDA device 0", "", "", "", "CUDA", device.Name, "", "", "", CheckTable.Fail, $"the device opened but could not be described ({e.GetType().Name}): {e.Message}");
            return null;
        }
    }

    /// <summary><c>cuDriverGetVersion</c>'s encoding as major.minor (13000 → 13.0, 12040 → 12.4).</summary>
    public static string DriverVersion(int encoded) =>
        string.Create(CultureInfo.InvariantCulture, $"{encoded / 1000}.{encoded % 1000 / 10}");

    /// <summary>
    /// Compiles one module (network + tableau) with NVRTC for the device, timing the compile alone (the PTX cache is
    /// a fresh folder, see <see cref="GpuCheckRun"/>), and records its PTX size; false when it failed.
    /// </summary>
    public static bool Compile<TTableau>(CheckTable table, CudaContext? device, string reason, string workload, string precision, ICudaDynamics network)
        where TTableau : IRungeKuttaTableau
    {
        string method = TTableau.Info.Name;
        if (device is null)
        {
            table.Add("compile", workload, precision, method, "", "NVRTC", "", "", "", "", CheckTable.Skipped, reason);
            return false;
        }

        try
        {
            string source = CudaKernelSource.Compose(network.CudaDeviceCode, TTableau.CudaStepSource ?? throw new InvalidOperationException($"{method} has no CUDA step."));
            Stopwatch clock = Stopwatch.StartNew();
            byte[] ptx = CudaCompiler.Ptx(source, device.Architecture);
            double seconds = clock.Elapsed.TotalSeconds;
            table.Add("compile", workload, precision, method, "", "NVRTC", CheckTable.Number(ptx.Length / 1024.0), "KiB PTX", CheckTable.Number(seconds), "", CheckTable.Ok,
                string.Create(CultureInfo.InvariantCulture, $"{source.Length:N0} characters of CUDA C, --fmad=false, {device.Architecture}"));
            return true;
        }
        catch (Exception e)
        {
            table.Add("compile", workload, precision, method, "", "NVRTC", "", "", "", "", CheckTable.Fail, $"{(e is CudaException cuda ? cuda.ErrorName : e.GetType().Name)}: {e.Message}");
            return false;
        }
    }
}
