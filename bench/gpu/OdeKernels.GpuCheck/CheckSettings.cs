using System;

namespace OdeKernels.GpuCheck;

/// <summary>What one run of the check does: where it writes, whether it may use CUDA, and the sizes it runs.</summary>
/// <param name="Output">The folder the table (<see cref="CheckTable.MarkdownFile"/>, <see cref="CheckTable.CsvFile"/>) goes to.</param>
/// <param name="CpuOnly">Never load the CUDA driver: every CUDA row is skipped (the CPU path, testable without a GPU).</param>
/// <param name="CheckLanes">Lanes of the CPU-against-CUDA comparisons.</param>
/// <param name="ThroughputLanes">Lane counts of the throughput rows.</param>
/// <param name="Steps">Fixed Rk4 steps of the throughput rows.</param>
/// <param name="Repeats">Timed calls per throughput figure after one warm-up call (fewer when <see cref="Budget"/> runs out, never under 3).</param>
/// <param name="Budget">Seconds of timed calls per figure after which no further call starts once 3 are done.</param>
/// <param name="RequireCuda">A missing driver, NVRTC or device is a FAIL row (the device run), not the CPU path's skip.</param>
internal sealed record CheckSettings(string Output, bool CpuOnly, int CheckLanes, int[] ThroughputLanes, int Steps, int Repeats, double Budget, bool RequireCuda = false)
{
    /// <summary>The fewest timed calls of a figure: a median of fewer says little.</summary>
    public const int LeastRepeats = 3;

    /// <summary>The device run's sizes: 1,024 lanes compared; 1 Ki, 64 Ki and 1 Mi lanes timed over 20 steps.</summary>
    public static readonly int[] DefaultThroughputLanes = [1 << 10, 1 << 16, 1 << 20];

    /// <summary>Throws naming the setting and its value when one is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Output, nameof(Output));
        if (CheckLanes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckLanes), CheckLanes, "--check-lanes must be at least 1.");
        }

        if (ThroughputLanes is null || ThroughputLanes.Length == 0 || Array.Exists(ThroughputLanes, l => l < 1))
        {
            throw new ArgumentException($"--lanes must list at least one lane count, each at least 1 (got {string.Join(",", ThroughputLanes ?? [])}).", nameof(ThroughputLanes));
        }

        if (CpuOnly && RequireCuda)
        {
            throw new ArgumentException("--cpu-only and --require-cuda contradict each other; give one.", nameof(RequireCuda));
        }

        if (Steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "--steps must be at least 1.");
        }

        if (Repeats < LeastRepeats)
        {
            throw new ArgumentOutOfRangeException(nameof(Repeats), Repeats, $"--repeats must be at least {LeastRepeats}.");
        }

        if (!(Budget > 0) || double.IsInfinity(Budget))
        {
            throw new ArgumentOutOfRangeException(nameof(Budget), Budget, "--budget must be a positive number of seconds.");
        }
    }
}
