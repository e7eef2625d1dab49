using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace OdeKernels.GpuCheck.Tests;

/// <summary>
/// The check against bench/gpu/stub/cuda_stub.c built as libcuda.so.1 and libnvrtc.so, in a child process (the
/// runtime decides once per process whether CUDA is there): the runtime's loader binds the stub, the device row
/// describes its device (name, compute capability, the driver's CUDA version and NVRTC's, read through the bindings),
/// the NVRTC compile receives the options and fails as the stub makes it, and every CUDA row records that failure
/// while every CPU row still runs. build.sh does the same with the NativeAOT binary.
/// </summary>
public sealed class StubDriverTests
{
    [FactRequiresGcc]
    public void TheStubDeviceIsDescribedAndEveryCudaRowRecordsNvrtcsFailure()
    {
        using var folder = new TempDirectory();
        string source = Path.Combine(RepoRoot, "bench", "gpu", "stub", "cuda_stub.c");
        Run(FactRequiresGccAttribute.Gcc!, folder.Path, null, "-shared", "-fPIC", "-o", folder.File("libcuda.so.1"), source).AssertExit(0);
        File.Copy(folder.File("libcuda.so.1"), folder.File("libnvrtc.so"));

        Outcome run = Run("dotnet", folder.Path, folder.Path,
            Path.Combine(AppContext.BaseDirectory, "OdeKernels.GpuCheck.dll"), "--require-cuda", "--out", folder.File("out"),
            "--check-lanes", "4", "--lanes", "4", "--steps", "2", "--repeats", "3", "--budget", "0.01");

        run.AssertExit(1);
        Assert.Contains("rows FAILED", run.Error, StringComparison.Ordinal);
        string[][] rows = File.ReadAllLines(Path.Combine(folder.File("out"), CheckTable.MarkdownFile))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .Skip(2)
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToArray();
        string[] device = Assert.Single(rows, r => r[0] == "device");
        Assert.Equal([CheckTable.Ok, "OdeKernels stub GPU"], [device[10], device[6]]);
        Assert.Contains("compute capability 9.0 (NVRTC target compute_90), driver for CUDA 13.0, NVRTC 13.0", device[CheckTable.Note], StringComparison.Ordinal);

        string[][] compiles = rows.Where(r => r[0] == "compile").ToArray();
        Assert.Equal(5, compiles.Length);
        Assert.All(compiles, r =>
        {
            Assert.Equal(CheckTable.Fail, r[10]);
            Assert.Contains("program odekernels.cu", r[CheckTable.Note], StringComparison.Ordinal);
            Assert.Contains("--gpu-architecture=compute_90 --fmad=false --std=c++17", r[CheckTable.Note], StringComparison.Ordinal);
        });
        Assert.All(rows.Where(r => r[0] is "agreement" or "throughput" && r[5] == "CUDA"), r =>
        {
            Assert.Equal(CheckTable.Fail, r[10]);
            Assert.Contains("NVRTC_ERROR_COMPILATION", r[CheckTable.Note], StringComparison.Ordinal);
        });
        Assert.Equal(12 + 3, rows.Count(r => r[5] == "CPU" && r[10] == CheckTable.Ok));
    }

    private static string RepoRoot => typeof(StubDriverTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static Outcome Run(string file, string directory, string? libraryPath, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (libraryPath is not null)
        {
            info.Environment["LD_LIBRARY_PATH"] = libraryPath;
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new Outcome(process.ExitCode, output.Result, error);
    }

    private sealed record Outcome(int Code, string Output, string Error)
    {
        public void AssertExit(int expected) => Assert.True(Code == expected, $"exit code {Code}, expected {expected}; stderr: {Error}; stdout (end): {Output[Math.Max(0, Output.Length - 2000)..]}");
    }
}
