using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace OdeKernels.Examples.Tests;

/// <summary>
/// <c>--resume</c> problems found before anything is written: an iteration count that leaves nothing to train, and
/// a FIFO or device in place of a checkpoint (which would block or never be a checkpoint).
/// </summary>
public sealed class ResumeErrorTests
{
    [Theory]
    [InlineData("4")]
    [InlineData("2")]
    public void ResumingWithNothingLeftToTrainIsAUsageError(string iterations)
    {
        using var dir = new TempDirectory();
        string output = dir.File("out");
        (int made, string log, string errors) = ExampleProcess.Run(ExampleProcess.Spiral, ["--iterations", "4", "--checkpoint-every", "0", "--out", output]);
        Assert.True(made == 0, log + errors);
        string checkpoint = Path.Combine(output, "checkpoint-000004.safetensors");
        string before = Snapshot(output);

        (int code, string stdout, string stderr) = ExampleProcess.Run(ExampleProcess.Spiral, ["--iterations", iterations, "--resume", checkpoint, "--out", output]);
        ErrorLine.Assert(2, code, stderr, $"--iterations {iterations} is not above 4", checkpoint);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(before, Snapshot(output));
    }

    [Fact]
    public void AFifoIsRefusedWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // no FIFOs in the file system
        }

        using var dir = new TempDirectory();
        string fifo = dir.File("checkpoint.safetensors");
        using (Process mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        string output = dir.File("out");
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Spiral, ["--resume", fifo, "--out", output], timeoutSeconds: 60);
        ErrorLine.Assert(2, code, stderr, "--resume", fifo, "not a regular file");
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void ADeviceIsRefused()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // not a Unix system
        }

        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.LotkaVolterra, ["--resume", "/dev/zero", "--out", Path.Combine(Path.GetTempPath(), "odek-never-" + Guid.NewGuid().ToString("N"))]);
        ErrorLine.Assert(2, code, stderr, "/dev/zero", "not a regular file");
    }

    /// <summary>The directory's files with their sizes and times, to show that nothing was written.</summary>
    private static string Snapshot(string directory) => string.Join('\n', Directory.GetFileSystemEntries(directory).Order(StringComparer.Ordinal)
        .Select(p => $"{Path.GetFileName(p)} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p).Ticks}"));
}
