using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OdeKernels.Cuda;
using OdeKernels.Examples.LotkaVolterra;
using OdeKernels.Examples.Networks;

namespace OdeKernels.GpuCheck;

/// <summary>
/// One run of the check, in order: the device, the NVRTC compiles, the CPU-against-CUDA comparisons (spiral and
/// Lotka-Volterra networks, float and double, forward, Backsolve and Checkpointed), the throughput rows; then the
/// table. Each step catches its own failure and records it, so one failing step never hides the others.
/// </summary>
internal static class GpuCheckRun
{
    /// <summary>The comparisons' save-time spans: the spiral example's [0, 1.5]; the Lotka-Volterra example's one-time-unit segments.</summary>
    public const double SpiralEnd = 1.5, PredatorPreyEnd = 1.0;

    /// <summary>The seed of every network's initial parameters.</summary>
    public const int Seed = 3;

    /// <summary>Runs the check and writes the table into <see cref="CheckSettings.Output"/>; returns it.</summary>
    public static CheckTable Run(CheckSettings settings)
    {
        settings.Validate();
        var table = new CheckTable(settings.Output, "OdeKernels on CUDA: verification and throughput", Footer);
        table.AddHeader(string.Create(CultureInfo.InvariantCulture, $"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {RuntimeInformation.FrameworkDescription}{(RuntimeFeature.IsDynamicCodeSupported ? "" : " (NativeAOT)")}; {RuntimeInformation.OSDescription}"));
        table.AddHeader(string.Create(CultureInfo.InvariantCulture, $"CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores, all used by the CPU rows"));
        table.AddHeader(string.Create(CultureInfo.InvariantCulture,
            $"Settings: {settings.CheckLanes:N0} lanes compared; throughput at {string.Join(", ", settings.ThroughputLanes.Select(l => l.ToString("N0", CultureInfo.InvariantCulture)))} lanes, {settings.Steps} steps, up to {settings.Repeats} timed calls (at least {CheckSettings.LeastRepeats}, {settings.Budget:G} s budget per figure)"));

        // A fresh PTX cache, so that the compile rows time NVRTC itself and not a cache left by an earlier run.
        if (!settings.CpuOnly && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ODEKERNELS_CUDA_CACHE")))
        {
            Environment.SetEnvironmentVariable("ODEKERNELS_CUDA_CACHE", Path.Combine(Path.GetTempPath(), $"odekernels-gpucheck-ptx-{Guid.NewGuid():N}"));
        }

        CudaContext? device = DeviceProbe.Open(settings, table, out string reason);

        DeviceProbe.Compile<Tsit5>(table, device, reason, "spiral (SpiralNet)", "float", new SpiralNet(Seed));
        DeviceProbe.Compile<Tsit5>(table, device, reason, "spiral (SpiralNet64)", "double", new SpiralNet64(Seed));
        DeviceProbe.Compile<Tsit5>(table, device, reason, "Lotka-Volterra (LotkaVolterraNet)", "float", new LotkaVolterraNet(Seed));
        DeviceProbe.Compile<Tsit5>(table, device, reason, "Lotka-Volterra (LotkaVolterraNet64)", "double", new LotkaVolterraNet64(Seed));
        DeviceProbe.Compile<Rk4>(table, device, reason, "spiral (SpiralNet)", "float", new SpiralNet(Seed));

        int lanes = settings.CheckLanes;
        Agreement.Run(table, device, reason, "spiral Tsit5 adaptive", new SpiralNet(Seed), Problems.SpiralStates<float>(lanes), Problems.SaveTimes<float>(SpiralEnd));
        Agreement.Run(table, device, reason, "spiral Tsit5 adaptive", new SpiralNet64(Seed), Problems.SpiralStates<double>(lanes), Problems.SaveTimes<double>(SpiralEnd));
        Agreement.Run(table, device, reason, "Lotka-Volterra Tsit5 adaptive", new LotkaVolterraNet(Seed), Problems.PredatorPreyStates<float>(lanes), Problems.SaveTimes<float>(PredatorPreyEnd));
        Agreement.Run(table, device, reason, "Lotka-Volterra Tsit5 adaptive", new LotkaVolterraNet64(Seed), Problems.PredatorPreyStates<double>(lanes), Problems.SaveTimes<double>(PredatorPreyEnd));

        Throughput.Run(table, settings, device, reason);
        return table;
    }

    private const string Footer =
        "Agreement rows: the CPU row is the reference (‖result‖₂ of the saved states, or of dL/dθ and dL/dy₀; its steps "
        + "and time); the CUDA row is the largest difference from it, |cuda − cpu| / max(1, |cpu|) for states and dL/dy₀ and "
        + "|cuda − cpu| / max|dL/dθ| for dL/dθ. Limits: 1e-10 (forward) and 1e-9 (gradients) in double; 2e-4 (forward), "
        + "2e-3 (Backsolve) and 5e-4 (Checkpointed) in float, the limits the CUDA shim tests hold the same device code to. "
        + "They are not zero although NVRTC compiles with --fmad=false (the CPU's operations in the CPU's order) because tanh "
        + "rounds differently in CUDA's libdevice and in .NET, the parameter gradient is summed in another order, and in "
        + "float such an ulp can change a lane's adaptive steps, which moves its result by about rtol (1e-4).\n\n"
        + "Throughput rows: lane-steps per second (lanes × steps / median seconds of one call); the CPU uses every core; a "
        + "CUDA call includes the upload and the download. Peers' rows, where present, come from bench/gpu/peers.py.\n";

    /// <summary>The processor's model name from /proc/cpuinfo, or the architecture where there is none.</summary>
    private static string CpuModel()
    {
        try
        {
            string? line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
