using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using OdeKernels.Checkpoints;

namespace OdeKernels.Examples.Tests;

/// <summary>
/// A training process killed mid-run (SIGKILL, no chance to clean up) resumes from its last checkpoint and ends with
/// the parameters of an uninterrupted run, bit for bit. Runs in CI: the whole test takes a few seconds.
/// </summary>
public sealed class KillAndResumeTests
{
    private const string Iterations = "300";

    [Fact]
    public void KilledSpiralRunResumesToTheUninterruptedParameters()
    {
        using var dir = new TempDirectory();
        string straight = dir.File("straight"), killed = dir.File("killed");
        string[] common = ["--iterations", Iterations, "--checkpoint-every", "5", "--seed", "3"];

        (int code, string output, string error) = ExampleProcess.Run(ExampleProcess.Spiral, [.. common, "--out", straight]);
        Assert.True(code == 0, output + error);

        using (Process process = ExampleProcess.Start(ExampleProcess.Spiral, [.. common, "--out", killed]))
        {
            // Drain the pipes so the child never blocks on a full one.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (Checkpoints(killed).Length == 0)
            {
                Assert.False(process.HasExited, "the run ended before its first checkpoint");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no checkpoint within 30 s");
                Thread.Sleep(2);
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        (long Iteration, string Path)[] left = Checkpoints(killed);
        Assert.NotEmpty(left);
        long resumedFrom = left[^1].Iteration;
        Assert.True(resumedFrom < long.Parse(Iterations, System.Globalization.CultureInfo.InvariantCulture), $"the run was not interrupted (last checkpoint {resumedFrom})");

        // A temporary file such as a kill during a save leaves (made here, since the kill may not land in a save):
        // the resumed run deletes it.
        string abandoned = Path.Combine(killed, $".checkpoint-000007.safetensors.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(abandoned, []);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddMinutes(-10));

        (code, output, error) = ExampleProcess.Run(ExampleProcess.Spiral, [.. common, "--out", killed, "--resume", left[^1].Path]);
        Assert.True(code == 0, output + error);
        Assert.Empty(Directory.GetFiles(killed, ".*.tmp"));
        Assert.Contains($"resuming at iteration {resumedFrom}", output, StringComparison.Ordinal);

        SafeTensorsFile expected = SafeTensorsFile.Read(Checkpoints(straight)[^1].Path);
        SafeTensorsFile actual = SafeTensorsFile.Read(Checkpoints(killed)[^1].Path);
        Assert.Equal(expected.Metadata["iteration"], actual.Metadata["iteration"]);
        Assert.Equal(expected.Metadata["loss"], actual.Metadata["loss"]);
        foreach (string name in new[] { "1.weight", "1.bias", "2.weight", "2.bias", "optimizer.m", "optimizer.v" })
        {
            Assert.True(expected[name].Bytes.SequenceEqual(actual[name].Bytes), $"{name} differs");
        }

        // The metrics of the resumed run continue those of the killed one, one row per iteration.
        string[] rows = File.ReadAllLines(Path.Combine(killed, "metrics.csv"));
        long last = long.Parse(actual.Metadata["iteration"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r.Split(',')[0]));
        Assert.Equal(File.ReadAllLines(Path.Combine(straight, "metrics.csv")).Select(Loss), rows.Select(Loss));
    }

    private static string Loss(string row) => row.Split(',')[1];

    private static (long Iteration, string Path)[] Checkpoints(string directory) =>
        [.. new CheckpointRotation(directory, 1).List()];
}
