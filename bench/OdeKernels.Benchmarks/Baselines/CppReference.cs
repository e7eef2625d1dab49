using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace OdeKernels.Benchmarks.Baselines;

/// <summary>One output line of the C++ reference loop.</summary>
/// <param name="Method">"rk4" or "tsit5".</param>
/// <param name="Hidden">The hidden width it was built with.</param>
/// <param name="Lanes">The number of lanes.</param>
/// <param name="Steps">The number of fixed steps.</param>
/// <param name="BestSeconds">The best time of its repeats.</param>
internal sealed record CppResult(string Method, int Hidden, int Lanes, int Steps, double BestSeconds)
{
    /// <summary>Lane-steps per second.</summary>
    public double LaneStepsPerSecond => (double)Lanes * Steps / BestSeconds;
}

/// <summary>
/// Builds and runs the project's own C++ baseline, <c>bench/cpp/spiral_reference.cpp</c> (a hand-written fused RK4 /
/// Tsit5 loop that keeps a block of lanes in registers for the whole trajectory), so that every figure of the report is
/// measured beside it in the same run and a clone reproduces the comparison. Each hidden width is its own build
/// (<c>-DSPIRAL_HIDDEN=H</c>: the width is a compile-time constant, as a hand-tuned loop has it).
/// </summary>
internal sealed class CppReference
{
    private const string Flags = "-O3 -march=native -ffast-math -fopenmp-simd";
    private readonly string _source;
    private readonly string _buildDirectory;
    private readonly Dictionary<int, string?> _binaries = [];

    private CppReference(string source, string compilerVersion)
    {
        _source = source;
        CompilerVersion = compilerVersion;
        _buildDirectory = Path.Combine(Path.GetTempPath(), "odekernels-bench-cpp");
        Directory.CreateDirectory(_buildDirectory);
    }

    /// <summary>The source file used.</summary>
    public string SourcePath => _source;

    /// <summary>The first line of <c>g++ --version</c>.</summary>
    public string CompilerVersion { get; }

    /// <summary>The compiler command line (without the width, output and source).</summary>
    public static string CompileFlags => Flags;

    /// <summary>The baseline's source in a repository rooted at <paramref name="root"/>.</summary>
    public static string SourceIn(string root) => Path.Combine(root, "bench", "cpp", "spiral_reference.cpp");

    /// <summary>Finds the source and g++; null with <paramref name="why"/> when either is missing.</summary>
    public static CppReference? Locate(out string why)
    {
        string? root = RepositoryRoot();
        if (root is null)
        {
            why = $"the repository root (a folder holding Kernels.sln) was not found above {AppContext.BaseDirectory}";
            return null;
        }

        string source = SourceIn(root);
        if (!File.Exists(source))
        {
            why = $"the C++ baseline {source} does not exist";
            return null;
        }

        (int code, string output) = ExternalProcess.Run("g++", "--version", TimeSpan.FromSeconds(30));
        if (code != 0)
        {
            why = $"g++ could not be run ({output.Trim()}); the C++ columns are left out";
            return null;
        }

        why = string.Empty;
        return new CppReference(source, output.Split('\n')[0].Trim());
    }

    /// <summary>The repository root: the nearest folder above this program holding Kernels.sln.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kernels.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Whether a build for <paramref name="hidden"/> units is possible (any width from 1 to 4,096).</summary>
    public static bool CanBuild(int hidden) => hidden is >= 1 and <= 4096;

    /// <summary>
    /// Runs the reference with <paramref name="hidden"/> units for <paramref name="lanes"/> lanes; returns its rk4 and
    /// tsit5 lines, or null with <paramref name="why"/> when the build or the run failed.
    /// </summary>
    public IReadOnlyList<CppResult>? Measure(int hidden, int lanes, int steps, int repeats, out string why)
    {
        string? binary = Build(hidden, out why);
        if (binary is null)
        {
            return null;
        }

        (int code, string output) = ExternalProcess.Run(binary, string.Create(CultureInfo.InvariantCulture, $"{lanes} {steps} {repeats}"), TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            why = $"{binary} exited with {code}: {output.Trim()}";
            return null;
        }

        var results = new List<CppResult>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split(' ');
            string? best = Field(fields, "best_s=");
            if (best is not null)
            {
                results.Add(new CppResult(fields[0], hidden, lanes, steps, double.Parse(best, CultureInfo.InvariantCulture)));
            }
        }

        why = results.Count == 0 ? $"no result line in its output: {output.Trim()}" : string.Empty;
        return results.Count == 0 ? null : results;
    }

    private string? Build(int hidden, out string why)
    {
        why = string.Empty;
        if (_binaries.TryGetValue(hidden, out string? built))
        {
            why = built is null ? $"the build for H = {hidden} failed earlier" : string.Empty;
            return built;
        }

        string binary = Path.Combine(_buildDirectory, $"spiral_reference_h{hidden}");
        (int code, string output) = ExternalProcess.Run("g++", string.Create(CultureInfo.InvariantCulture, $"{Flags} -DSPIRAL_HIDDEN={hidden} -o \"{binary}\" \"{_source}\""), TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            why = $"g++ failed ({code}): {output.Trim()}";
            _binaries[hidden] = null;
            return null;
        }

        _binaries[hidden] = binary;
        return binary;
    }

    private static string? Field(string[] fields, string prefix)
    {
        foreach (string f in fields)
        {
            if (f.StartsWith(prefix, StringComparison.Ordinal))
            {
                return f[prefix.Length..];
            }
        }

        return null;
    }
}
