using System.IO;

namespace OdeKernels.Distributed.Tests;

/// <summary>The examples' <c>--distributed</c> switch, on the Lotka–Volterra example (the quicker of the two).</summary>
public sealed class DistributedExampleTests
{
    [FactRequiresMpirun]
    public void Lotka_Volterra_under_mpirun_trains_as_one_process_and_rank_0_alone_prints_and_writes()
    {
        using var folder = new TempDirectory();
        string[] common = ["--iterations", "12", "--checkpoint-every", "0"];
        (int single, string singleOutput) = MpiJob.AloneDll(MpiJob.LotkaVolterra, [.. common, "--out", folder.File("single")]);
        Assert.True(single == 0, singleOutput);
        (int code, string output) = MpiJob.RunDll(2, MpiJob.LotkaVolterra, [.. common, "--out", folder.File("two"), "--distributed"]);
        Assert.True(code == 0, output);

        // One summary (rank 1 prints nothing) with the single process's final loss and accuracy.
        Assert.Single(output.Split('\n'), l => l.StartsWith("MaxIterations after 12 iterations", StringComparison.Ordinal));
        Assert.Contains(Line(singleOutput, "relative L2 error"), output, StringComparison.Ordinal);
        Assert.Contains(Line(singleOutput, "MaxIterations after")[(Line(singleOutput, "MaxIterations after").IndexOf("final", StringComparison.Ordinal))..], output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.File("two"), "checkpoint-000012.safetensors")));
        Assert.Equal(13, File.ReadAllLines(Path.Combine(folder.File("two"), "metrics.csv")).Length);
    }

    [Fact]
    public void Distributed_without_mpirun_runs_one_process_with_a_note()
    {
        using var folder = new TempDirectory();
        (int code, string output) = MpiJob.AloneDll(MpiJob.LotkaVolterra, ["--iterations", "2", "--checkpoint-every", "0", "--out", folder.File("one"), "--distributed"]);
        Assert.True(code == 0, output);
        Assert.Contains("note: --distributed without mpirun runs one process", output, StringComparison.Ordinal);
    }

    private static string Line(string output, string start) =>
        output.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal)).TrimEnd('\r');
}
