using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace OdeKernels.Distributed.Tests;

/// <summary>Starts the test app under <c>mpirun</c> (or alone) and reads the results rank 0 wrote.</summary>
internal static class MpiJob
{
    /// <summary>Long enough for a loaded machine; a hang (a rank waiting for a failed one) ends here as a failure.</summary>
    private const int TimeoutSeconds = 180;

    public static string App => Built("TestAppDll");

    public static string LotkaVolterra => Built("LotkaVolterraDll");

    /// <summary>mpirun on PATH, or null.</summary>
    public static string? Mpirun { get; } = Find("mpirun");

    /// <summary><c>mpirun --allow-run-as-root --oversubscribe -np <paramref name="ranks"/> dotnet app args</c>.</summary>
    public static (int ExitCode, string Output) Run(int ranks, params string[] args) => RunDll(ranks, App, args);

    /// <summary><c>mpirun --allow-run-as-root --oversubscribe -np <paramref name="ranks"/> dotnet dll args</c>.</summary>
    public static (int ExitCode, string Output) RunDll(int ranks, string dll, params string[] args) =>
        Start(Mpirun!, ["--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(CultureInfo.InvariantCulture), "dotnet", dll, .. args], null);

    /// <summary>The app as one process, without mpirun; <paramref name="environment"/> is added to its environment.</summary>
    public static (int ExitCode, string Output) Alone(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        AloneDll(App, args, environment);

    /// <summary>A dll as one process, without mpirun.</summary>
    public static (int ExitCode, string Output) AloneDll(string dll, string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        Start("dotnet", [dll, .. args], environment);

    /// <summary>The arrays of a result file, by name.</summary>
    public static Dictionary<string, double[]> Read(string path)
    {
        var arrays = new Dictionary<string, double[]>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length;)
        {
            string[] header = lines[i].Split(' ');
            int count = int.Parse(header[2], CultureInfo.InvariantCulture);
            arrays[header[1]] = lines.Skip(i + 1).Take(count).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
            i += count + 1;
        }

        return arrays;
    }

    private static string Built(string key)
    {
        string path = typeof(MpiJob).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first");
        return path;
    }

    /// <summary>
    /// The output without the terminal-mode sequences (ESC [ ? 1 h, ESC =: "keypad transmit") that .NET's console
    /// writes when a program that handles Ctrl-C starts on a terminal: Open MPI gives every rank a pseudo-terminal, so
    /// each rank's output may begin with them. The examples print plain lines under mpirun (TrainingConsole); these
    /// two sequences come from the runtime, before the first line, at a place that depends on which rank wrote first.
    /// </summary>
    private static string WithoutTerminalModes(string output) => output.Replace("\u001b[?1h", "", StringComparison.Ordinal).Replace("\u001b=", "", StringComparison.Ordinal);

    private static (int ExitCode, string Output) Start(string file, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A test host may itself run under mpirun; the app must see only what the test gives it.
        foreach (string key in info.Environment.Keys.Where(k => k.StartsWith("OMPI_", StringComparison.Ordinal) || k.StartsWith("PMIX_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        // Containers often forbid the cross-memory attach Open MPI's shared-memory transport uses for large messages.
        if (file != "dotnet")
        {
            info.Environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none";
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(TimeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} ran longer than {TimeoutSeconds} s (a rank hung?)");
        }

        process.WaitForExit();
        return (process.ExitCode, WithoutTerminalModes(output.Result + error.Result));
    }

    private static string? Find(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A theory that starts jobs with mpirun: skipped, with the reason, where mpirun is not on PATH.</summary>
public sealed class TheoryRequiresMpirunAttribute : TheoryAttribute
{
    public TheoryRequiresMpirunAttribute()
    {
        if (MpiJob.Mpirun is null)
        {
            Skip = "mpirun is not on PATH: install openmpi-bin and libopenmpi-dev (apt-get install -y openmpi-bin libopenmpi-dev) to run the MPI tests.";
        }
    }
}

/// <summary>A fact that starts jobs with mpirun; see <see cref="TheoryRequiresMpirunAttribute"/>.</summary>
public sealed class FactRequiresMpirunAttribute : FactAttribute
{
    public FactRequiresMpirunAttribute()
    {
        if (MpiJob.Mpirun is null)
        {
            Skip = "mpirun is not on PATH: install openmpi-bin and libopenmpi-dev (apt-get install -y openmpi-bin libopenmpi-dev) to run the MPI tests.";
        }
    }
}
