using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using OdeKernels.Checkpoints;

namespace OdeKernels.Examples.Tests;

/// <summary>
/// Ctrl-C (SIGINT) stops a training run after its current iteration: it writes a checkpoint, exits with 130, and the
/// checkpoint is complete and resumable.
/// </summary>
public sealed class InterruptTests
{
    [Fact]
    public void CtrlCExitsWith130AndLeavesAnIntactCheckpoint()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no SIGINT to send to another process
        }

        using var dir = new TempDirectory();
        string output = dir.File("out");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using (Process process = ExampleProcess.Start(ExampleProcess.Spiral, "--iterations", "300", "--checkpoint-every", "5", "--out", output))
        {
            process.OutputDataReceived += (_, e) => { lock (stdout) { stdout.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            // Interrupt once the handler is surely installed: the first checkpoint is written after it.
            var clock = Stopwatch.StartNew();
            while (!Directory.Exists(output) || Directory.GetFiles(output, "checkpoint-*.safetensors").Length == 0)
            {
                Assert.False(process.HasExited, "the run ended before its first checkpoint");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no checkpoint within 30 s");
                Thread.Sleep(2);
            }

            using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the run did not stop within 60 s of Ctrl-C");
            }

            process.WaitForExit();
            Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}; stdout: {stdout}; stderr: {stderr}");
        }

        Assert.Contains("interrupted", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("(cancelled)", stdout.ToString(), StringComparison.Ordinal);

        // The last checkpoint is complete and is that of the iteration the run stopped at; no partial file is left.
        (long Iteration, string Path)[] checkpoints = [.. new CheckpointRotation(output, 1).List()];
        long stopped = long.Parse(stdout.ToString().Split("stopped at iteration ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.Equal(stopped, checkpoints[^1].Iteration);
        Assert.True(stopped < 300, "the run was not interrupted");
        Assert.Equal(stopped.ToString(CultureInfo.InvariantCulture), SafeTensorsFile.Read(checkpoints[^1].Path).Metadata["iteration"]);
        Assert.Empty(Directory.GetFiles(output, ".*.tmp"));

        // And it resumes.
        string further = (stopped + 2).ToString(CultureInfo.InvariantCulture);
        (int code, string log, string errors) = ExampleProcess.Run(ExampleProcess.Spiral, ["--iterations", further, "--checkpoint-every", "5", "--out", output, "--resume", checkpoints[^1].Path]);
        Assert.True(code == 0, log + errors);
        Assert.Contains($"stopped at iteration {further}", log, StringComparison.Ordinal);
    }
}
