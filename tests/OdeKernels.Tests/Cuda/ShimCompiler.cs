using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// Builds composed CUDA C into a CPU executable: the source as <c>kernel.cu</c>, included by <c>shim/harness.cpp</c>,
/// compiled by g++ with <c>shim/cuda_shim.h</c> force-included. Builds are kept in the temporary folder under the
/// hash of the source, the shim and the harness, so later runs reuse them; a build is written under a temporary name
/// and renamed, so concurrent test processes never run a half-written executable.
/// </summary>
internal static class ShimCompiler
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_builds = new(StringComparer.Ordinal);

    public static string? FindGpp() => PathLookup.Find("g++");

    /// <summary>The folder of the shim and the harness, found above the test assembly (its source tree).</summary>
    public static string ShimFolder
    {
        get
        {
            const string Relative = "tests/OdeKernels.Tests/Cuda/shim";
            for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, Relative);
                if (File.Exists(Path.Combine(candidate, "cuda_shim.h")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException($"{Relative}/cuda_shim.h was not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The path of the executable built from <paramref name="source"/> with <paramref name="harness"/>, a file of <c>shim/</c>.</summary>
    public static string Build(string source, string harness = "harness.cpp")
    {
        string shim = ShimFolder;
        string inputs = source + File.ReadAllText(Path.Combine(shim, "cuda_shim.h")) + File.ReadAllText(Path.Combine(shim, "binary_io.h")) + harness + File.ReadAllText(Path.Combine(shim, harness));
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(inputs)))[..20];
        return s_builds.GetOrAdd(key, k => new Lazy<string>(() => Compile(source, harness, k))).Value;
    }

    private static string Compile(string source, string harness, string key)
    {
        string folder = Path.Combine(Path.GetTempPath(), "odekernels-cuda-shim", key);
        string output = Path.Combine(folder, "run");
        if (File.Exists(output))
        {
            return output;
        }

        // Each process builds in its own folder and moves the result into place.
        string work = Path.Combine(Path.GetTempPath(), "odekernels-cuda-shim", key + "-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(work, "kernel.cu"), source);
        string shim = ShimFolder, built = Path.Combine(work, "run");
        string arguments = $"-O2 -std=c++17 -ffp-contract=off -pthread -include \"{Path.Combine(shim, "cuda_shim.h")}\" -I \"{work}\" \"{Path.Combine(shim, harness)}\" -o \"{built}\"";
        (int code, string log) = Run(FindGpp() ?? "g++", arguments, work);
        if (code != 0)
        {
            throw new InvalidOperationException($"g++ failed ({code}) on {work}/kernel.cu:\n{log}");
        }

        File.Copy(Path.Combine(work, "kernel.cu"), Path.Combine(folder, "kernel.cu"), overwrite: true);
        File.Move(built, output, overwrite: true);
        Directory.Delete(work, recursive: true);
        return output;
    }

    public static (int Code, string Output) Run(string file, string arguments, string folder)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
