using System;
using System.IO;

namespace OdeKernels.Examples.Tests;

/// <summary>Bad input ends an example with one line on stderr and exit code 2, and writes nothing.</summary>
public sealed class CommandLineErrorTests
{
    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["--bogus"], "--bogus" },
        { ["--iterations", "0"], "--iterations must be positive" },
        { ["--iterations", "-5"], "--iterations must be positive" },
        { ["--iterations", "many"], "many" },
        { ["--learning-rate", "0"], "--learning-rate must be positive" },
        { ["--learning-rate", "-0.1"], "--learning-rate must be positive" },
        { ["--solver", "euler"], "euler" },
        { ["--adjoint", "reverse"], "reverse" },
        { ["--points", "2"], "--points must be at least 4" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void SpiralRejectsBadOptions(string[] args, string mention)
    {
        using var dir = new TempDirectory();
        string output = dir.File("out");
        (int code, string stdout, string stderr) = ExampleProcess.Run(ExampleProcess.Spiral, [.. args, "--out", output]);
        AssertUsageError(code, stderr, mention);
        Assert.Equal(string.Empty, stdout);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AMissingCheckpointIsAUsageError()
    {
        using var dir = new TempDirectory();
        string output = dir.File("out");
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Spiral, ["--resume", dir.File("nope.safetensors"), "--out", output]);
        AssertUsageError(code, stderr, "no such file");
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AnUnreadableCheckpointIsAUsageError()
    {
        using var dir = new TempDirectory();
        string garbage = dir.File("garbage.safetensors");
        File.WriteAllText(garbage, "this is not a checkpoint");
        string output = dir.File("out");
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Spiral, ["--resume", garbage, "--out", output]);
        AssertUsageError(code, stderr, "--resume");
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void ACheckpointOfAnotherModelIsRefusedAndNothingIsOverwritten()
    {
        using var dir = new TempDirectory();
        string lotka = dir.File("lv");
        (int made, string log, string errors) = ExampleProcess.Run(ExampleProcess.LotkaVolterra, ["--iterations", "2", "--out", lotka]);
        Assert.True(made == 0, log + errors);
        string checkpoint = Path.Combine(lotka, "checkpoint-000002.safetensors");

        // The spiral's output directory already holds a run: it must stay as it was.
        string output = dir.File("spiral");
        Directory.CreateDirectory(output);
        string metrics = Path.Combine(output, "metrics.csv");
        File.WriteAllText(metrics, "keep me");
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Spiral, ["--resume", checkpoint, "--out", output]);
        AssertUsageError(code, stderr, "model 'LotkaVolterraNet', not 'SpiralNet'");
        Assert.Equal("keep me", File.ReadAllText(metrics));
        Assert.Single(Directory.GetFiles(output));
    }

    [Fact]
    public void LotkaVolterraRejectsBadOptions()
    {
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.LotkaVolterra, ["--noise", "2"]);
        AssertUsageError(code, stderr, "--noise must lie in [0, 1)");
        (code, _, stderr) = ExampleProcess.Run(ExampleProcess.LotkaVolterra, ["--iterations", "0"]);
        AssertUsageError(code, stderr, "--iterations must be positive");
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        (int code, string stdout, _) = ExampleProcess.Run(ExampleProcess.Spiral, ["--help"]);
        Assert.Equal(0, code);
        foreach (string option in new[] { "--solver", "--adjoint", "--iterations", "--seed", "--out", "--resume", "--points", "--learning-rate", "--distributed" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    private static void AssertUsageError(int code, string stderr, string mention) => ErrorLine.Assert(2, code, stderr, mention);
}
