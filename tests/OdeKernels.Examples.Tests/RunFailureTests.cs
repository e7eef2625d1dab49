using System;
using System.IO;
using System.Linq;
using OdeKernels.Checkpoints;

namespace OdeKernels.Examples.Tests;

/// <summary>
/// A failure during a run (a diverging solve, a write that fails) ends the program with exit code 1 and one line
/// that says after which iteration it failed and which checkpoint is the last good one; that checkpoint is intact and
/// no partial file is left.
/// </summary>
public sealed class RunFailureTests
{
    [Fact]
    public void ADivergingRunExitsWith1AndKeepsWhatItWrote()
    {
        using var dir = new TempDirectory();
        string output = dir.File("out");
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Spiral, ["--learning-rate", "1000", "--iterations", "20", "--checkpoint-every", "1", "--out", output]);
        string line = ErrorLine.Assert(1, code, stderr, "training failed after iteration");
        AssertIntactAndNamed(output, line);

        // The metrics of the iterations that completed are on disk.
        Assert.True(File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length >= 2);
    }

    [Fact]
    public void AFailedCheckpointWriteExitsWith1AndLeavesTheLastCheckpoint()
    {
        using var dir = new TempDirectory();
        string output = dir.File("out");

        // A directory where checkpoint 10 is to go: its rename fails mid-run, after checkpoint 5 was written.
        Directory.CreateDirectory(Path.Combine(output, "checkpoint-000010.safetensors"));
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Spiral, ["--iterations", "300", "--checkpoint-every", "5", "--out", output]);
        string line = ErrorLine.Assert(1, code, stderr, "training failed after iteration 10 of 300", "checkpoint-000010.safetensors", "the last checkpoint written is");
        AssertIntactAndNamed(output, line);
        Assert.Equal("5", SafeTensorsFile.Read(Path.Combine(output, "checkpoint-000005.safetensors")).Metadata["iteration"]);
    }

    [Fact]
    public void AFullDiskExitsWith1()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // Linux only: writes to /dev/full fail with ENOSPC, as on a full disk
        }

        using var dir = new TempDirectory();
        string output = dir.File("out");
        Directory.CreateDirectory(output);
        File.CreateSymbolicLink(Path.Combine(output, "metrics.csv"), "/dev/full");
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Spiral, ["--iterations", "5", "--out", output]);
        ErrorLine.Assert(1, code, stderr, "training failed", "metrics.csv");
        Assert.Empty(Directory.GetFiles(output, "*.tmp"));
    }

    /// <summary>Every checkpoint left loads (its checksum holds), no temporary file is left, and the one the message names exists.</summary>
    private static void AssertIntactAndNamed(string output, string line)
    {
        string[] checkpoints = Directory.GetFiles(output, "checkpoint-*.safetensors").Where(File.Exists).ToArray();
        foreach (string checkpoint in checkpoints)
        {
            _ = SafeTensorsFile.Read(checkpoint);
        }

        Assert.Empty(Directory.GetFiles(output, ".*.tmp"));
        const string Named = "the last checkpoint written is '";
        int at = line.IndexOf(Named, StringComparison.Ordinal);
        if (at >= 0)
        {
            string path = line[(at + Named.Length)..line.IndexOf('\'', at + Named.Length)];
            Assert.Contains(path, checkpoints);
        }
        else
        {
            Assert.Contains("no checkpoint was written", line, StringComparison.Ordinal);
        }
    }
}
