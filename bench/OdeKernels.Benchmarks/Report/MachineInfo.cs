using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace OdeKernels.Benchmarks.Report;

/// <summary>What every figure was measured on: CPU, cores, SIMD width, runtime, date.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Simd, string Runtime, string Os, DateTimeOffset Date)
{
    /// <summary>Reads the machine this process runs on.</summary>
    public static MachineInfo Current() => new(CpuModel(), Environment.ProcessorCount, SimdDescription(), RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, DateTimeOffset.UtcNow);

    /// <summary>
    /// The short form that goes with every figure (section headings, plot titles), so that a table or plot copied
    /// alone still says where it was measured: CPU model, widest ISA and vector width, e.g. "AMD EPYC, AVX-512F 512-bit".
    /// </summary>
    public string Tag => $"{Cpu}, {Isa} {VectorBits}-bit";

    /// <summary>The widest vector instruction set the runtime uses here.</summary>
    public static string Isa => Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? "AVX-512F" : Avx2.IsSupported ? "AVX2" : AdvSimd.IsSupported ? "AdvSimd" : Sse2.IsSupported ? "SSE2" : "no SIMD";

    /// <summary>The widest accelerated vector in bits (512, 256 or 128; 0 for none).</summary>
    public static int VectorBits => Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>
    /// The 1-, 5- and 15-minute load averages from /proc/loadavg, or "unknown": a load above the core count means
    /// other work shared the CPUs while this report was timed.
    /// </summary>
    public static string LoadAverage()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return fields.Length >= 3 ? string.Join(" / ", fields[..3]) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return $"unknown ({RuntimeInformation.ProcessArchitecture})";
    }

    private static string SimdDescription()
    {
        string widest = VectorBits == 0 ? "no hardware vectors" : $"{VectorBits}-bit vectors ({(VectorBits == 512 ? 16 : VectorBits / 32)} float32 lanes)";
        string isa = Avx512F.IsSupported ? "AVX-512F" : Avx2.IsSupported ? "AVX2" : AdvSimd.IsSupported ? "AdvSimd" : Sse2.IsSupported ? "SSE2" : "none";
        return $"{widest}; Vector512.IsHardwareAccelerated = {Vector512.IsHardwareAccelerated}, Vector256 = {Vector256.IsHardwareAccelerated}; widest ISA {isa}, FMA {Fma.IsSupported}";
    }
}
