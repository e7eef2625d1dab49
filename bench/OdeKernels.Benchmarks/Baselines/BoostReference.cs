using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace OdeKernels.Benchmarks.Baselines;

/// <summary>One output line of the Boost.Odeint reference: one case's timing and its work, counted in an untimed run.</summary>
/// <param name="Case">The case name (e.g. "lv-dopri5").</param>
/// <param name="MedianSeconds">The median sample.</param>
/// <param name="BestSeconds">The fastest sample.</param>
/// <param name="Steps">Accepted steps.</param>
/// <param name="Evaluations">Right-hand-side evaluations.</param>
/// <param name="FinalState">The state at the end of the solve.</param>
/// <param name="BoostVersion">BOOST_LIB_VERSION of the headers it was built with (e.g. "1_74").</param>
internal sealed record BoostResult(string Case, double MedianSeconds, double BestSeconds, long Steps, long Evaluations, double[] FinalState, string BoostVersion);

/// <summary>
/// Builds <c>bench/boost/odeint_reference.cpp</c> with <c>bench/boost/build.sh</c> (g++ -O3 -march=native, Boost.Odeint
/// from the system's headers) into a temporary folder and runs one case per call, so the report can alternate it with
/// the C# figure it is compared with.
/// </summary>
internal sealed class BoostReference
{
    private readonly string _binary;

    private BoostReference(string binary, string compiler, bool contract)
    {
        _binary = binary;
        CompilerVersion = compiler;
        Flags = contract ? DefaultFlags : DefaultFlags + " " + NoContraction;
    }

    /// <summary>The compile flags the build script uses by default.</summary>
    public const string DefaultFlags = "-O3 -march=native -std=c++17";

    /// <summary>The flag added by the script's <c>--no-contract</c>: no a·b + c fused into one multiply-add.</summary>
    public const string NoContraction = "-ffp-contract=off";

    /// <summary>The compile flags of this build.</summary>
    public string Flags { get; }

    /// <summary>The first line of <c>g++ --version</c>.</summary>
    public string CompilerVersion { get; }

    /// <summary>
    /// Builds the reference, with GCC's default contraction of a·b + c into fused multiply-adds or, when
    /// <paramref name="contract"/> is false, without (<see cref="NoContraction"/>); null with <paramref name="why"/> when
    /// the script, g++ or Boost is missing or the build fails.
    /// </summary>
    public static BoostReference? Build(bool contract, out string why)
    {
        string? root = CppReference.RepositoryRoot();
        string script = root is null ? string.Empty : Path.Combine(root, "bench", "boost", "build.sh");
        if (!File.Exists(script))
        {
            why = $"the build script bench/boost/build.sh was not found above {AppContext.BaseDirectory}";
            return null;
        }

        string binary = Path.Combine(Path.GetTempPath(), "odekernels-bench-boost", contract ? "odeint_reference" : "odeint_reference_no_contract");
        (int code, string output) = ExternalProcess.Run("bash", $"\"{script}\" {(contract ? string.Empty : "--no-contract ")}\"{binary}\"", TimeSpan.FromMinutes(3));
        if (code != 0)
        {
            why = $"bench/boost/build.sh failed ({code}): {output.Trim()}";
            return null;
        }

        (_, string version) = ExternalProcess.Run("g++", "--version", TimeSpan.FromSeconds(30));
        why = string.Empty;
        return new BoostReference(binary, version.Split('\n')[0].Trim(), contract);
    }

    /// <summary>Runs one case: warm-up, then <paramref name="samples"/> samples of about <paramref name="millisecondsPerSample"/> each.</summary>
    public BoostResult? Measure(string name, double millisecondsPerSample, int samples, out string why)
    {
        (int code, string output) = ExternalProcess.Run(_binary, string.Create(CultureInfo.InvariantCulture, $"{name} {millisecondsPerSample} {samples}"), TimeSpan.FromMinutes(2));
        string? line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        if (code != 0 || line is null)
        {
            why = $"{_binary} {name} exited with {code}: {output.Trim()}";
            return null;
        }

        string[] fields = line.Split(' ');
        string Field(string key) => fields.First(f => f.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        double[] state = Field("y").Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        why = string.Empty;
        return new BoostResult(name, double.Parse(Field("median_ns"), CultureInfo.InvariantCulture) * 1e-9, double.Parse(Field("best_ns"), CultureInfo.InvariantCulture) * 1e-9,
            long.Parse(Field("steps"), CultureInfo.InvariantCulture), long.Parse(Field("evaluations"), CultureInfo.InvariantCulture), state, Field("boost"));
    }
}
