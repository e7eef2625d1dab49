using System.Globalization;
using BenchmarkDotNet.Configs;

namespace OdeKernels.Benchmarks;

/// <summary>
/// The configuration of every BenchmarkDotNet suite: invariant culture in the output, one summary for a run. Each
/// suite carries <c>[MemoryDiagnoser]</c> itself, so it also reports allocations when run through another config.
/// </summary>
internal static class BenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .WithCultureInfo(CultureInfo.InvariantCulture)
        .WithOptions(ConfigOptions.JoinSummary);
}
