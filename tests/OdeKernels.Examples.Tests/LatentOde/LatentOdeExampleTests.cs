using System;
using System.IO;
using System.Linq;

namespace OdeKernels.Examples.Tests.LatentOde;

/// <summary>The LatentOde example end to end with <c>--quick</c>: its tables and figures, its resume, and its refusal of bad input.</summary>
public sealed class LatentOdeExampleTests
{
    [Fact]
    public void AQuickRunWritesTheTablesAndFiguresAndResumesWithoutRepeatingIterations()
    {
        using var dir = new TempDirectory();
        string[] args = ["--quick", "--out", dir.Path];
        (int code, string stdout, string stderr) = ExampleProcess.Run(ExampleProcess.LatentOde, args, timeoutSeconds: 180);
        Assert.True(code == 0, $"exit {code}: {stderr}");

        // A header and one row per sparsity, with Chen et al.'s figures beside ours; three rows of log-likelihoods.
        string[] spirals = File.ReadAllLines(dir.File("spirals.csv"));
        Assert.Equal(4, spirals.Length);
        Assert.Equal(["30/100", "50/100", "100/100"], spirals.Skip(1).Select(r => r.Split(',')[0]).ToArray());
        Assert.Contains("0.1642", spirals[1], StringComparison.Ordinal);
        Assert.Equal(4, File.ReadAllLines(dir.File("poisson.csv")).Length);
        foreach (string figure in new[] { "spiral-1.svg", "spiral-4.svg", "latent-phase.svg", "latent-time.svg", "poisson-rate.svg" })
        {
            Assert.Contains("<polyline", File.ReadAllText(dir.File(figure)), StringComparison.Ordinal);
        }

        Assert.Contains("latent ODE: extrapolation", File.ReadAllText(dir.File("spiral-1.svg")), StringComparison.Ordinal);
        Assert.Contains("30/100", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = ExampleProcess.Run(ExampleProcess.LatentOde, [.. args, "--resume"], timeoutSeconds: 180);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("latent-ode: resuming at iteration 2 of 2", stdout, StringComparison.Ordinal);
        Assert.Contains("poisson: resuming at iteration 3 of 3", stdout, StringComparison.Ordinal);
        string[] rows = File.ReadAllLines(dir.File(Path.Combine("rnn", "metrics.csv"))).Skip(1).ToArray();
        Assert.Equal(["1", "2"], rows.Select(r => r.Split(',')[0]).ToArray());
    }

    [Theory]
    [InlineData("--observations", "0,30")]
    [InlineData("--observations", "thirty")]
    [InlineData("--epochs", "0")]
    public void BadOptionsAreRefusedBeforeAnythingIsWritten(string option, string value)
    {
        using var dir = new TempDirectory();
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.LatentOde, [option, value, "--out", dir.Path]);
        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
