using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace OdeKernels.Examples.Tests;

/// <summary>The Flows example end to end with <c>--quick</c>: its outputs, its resume, and its refusal of bad input.</summary>
public sealed class FlowsExampleTests
{
    private static readonly string[] Densities = ["moons", "8gaussians", "pinwheel", "checkerboard", "rings"];

    [Fact]
    public void AQuickRunWritesEveryFigureTableAndDataSet()
    {
        using var dir = new TempDirectory();
        (int code, string stdout, string stderr) = ExampleProcess.Run(ExampleProcess.Flows, ["--quick", "--out", dir.Path], timeoutSeconds: 180);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        foreach (string density in Densities)
        {
            string svg = File.ReadAllText(dir.File(density + ".svg"));
            Assert.Contains("learned density", svg, StringComparison.Ordinal);
            Assert.Contains("<rect", svg, StringComparison.Ordinal);
            Assert.True(File.Exists(dir.File(Path.Combine("data", density + "-train.csv"))));
            Assert.True(File.Exists(dir.File(Path.Combine(density, "metrics.csv"))));
        }

        // A header and one row per density; the comparisons have two rows each.
        Assert.Equal(1 + Densities.Length, File.ReadAllLines(dir.File("densities.csv")).Length);
        Assert.Equal(3, File.ReadAllLines(dir.File("exact-vs-hutchinson.csv")).Length);
        Assert.Equal(3, File.ReadAllLines(dir.File("regularised.csv")).Length);
        Assert.Contains("Hutchinson (Rademacher)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AResumedRunContinuesFromTheCheckpointWithoutRepeatingIterations()
    {
        using var dir = new TempDirectory();
        string[] args = ["--quick", "--densities", "moons", "--compare", "false", "--out", dir.Path];
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Flows, args, timeoutSeconds: 120);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        (code, string stdout, stderr) = ExampleProcess.Run(ExampleProcess.Flows, [.. args, "--resume"], timeoutSeconds: 120);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("moons: resuming at iteration 3 of 3", stdout, StringComparison.Ordinal);
        string[] rows = File.ReadAllLines(dir.File(Path.Combine("moons", "metrics.csv"))).Skip(1).ToArray();
        Assert.Equal(["1", "2", "3"], rows.Select(r => r.Split(',')[0]).ToArray());
    }

    [Fact]
    public void CtrlCStopsAfterACheckpointWith130AndResumeContinuesFromIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no SIGINT to send to another process
        }

        using var dir = new TempDirectory();
        string[] args = ["--densities", "moons", "--compare", "false", "--batch", "16", "--train-points", "64", "--test-points", "16", "--grid", "4", "--tolerance", "1e-3", "--checkpoint-every", "2", "--out", dir.Path];
        using (Process process = ExampleProcess.Start(ExampleProcess.Flows, [.. args, "--iterations", "100000"]))
        {
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            Assert.Equal(130, ExampleProcess.InterruptAfterFirstCheckpoint(process, Path.Combine(dir.Path, "moons")));
        }

        int stopped = File.ReadAllLines(Path.Combine(dir.Path, "moons", "metrics.csv")).Length - 1;
        (int code, string stdout, string stderr) = ExampleProcess.Run(ExampleProcess.Flows, [.. args, "--iterations", (stopped + 2).ToString(CultureInfo.InvariantCulture), "--resume"], timeoutSeconds: 120);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains($"moons: resuming at iteration {stopped} of {stopped + 2}", stdout, StringComparison.Ordinal);
        string[] iterations = File.ReadAllLines(Path.Combine(dir.Path, "moons", "metrics.csv")).Skip(1).Select(r => r.Split(',')[0]).ToArray();
        Assert.Equal(Enumerable.Range(1, stopped + 2).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(), iterations);
    }

    [Fact]
    public void AnUnknownDensityIsBadInput()
    {
        using var dir = new TempDirectory();
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Flows, ["--densities", "spirals", "--out", dir.Path]);
        Assert.Equal(2, code);
        Assert.Contains("--densities", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
