using System;
using System.IO;

namespace OdeKernels.Examples.Tests;

/// <summary>
/// An <c>--out</c> that cannot be written is bad input for every example: exit code 2 and one line naming it, before
/// any work. The cases are ones that fail for root too (tests may run as root, for whom permission bits do not).
/// </summary>
public sealed class OutputErrorTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (string example in new[] { "Spiral", "LotkaVolterra", "Spheres", "ResNetVsDense", "Flows", "ImageOdeNet" })
        {
            cases.Add(example, "{file}");          // an existing file where the directory should be
            cases.Add(example, "{file}/sub");      // a directory below a file
        }

        if (File.Exists("/dev/null"))
        {
            cases.Add("Spiral", "/dev/null/x");   // below a device
        }

        if (Directory.Exists("/proc/self"))
        {
            cases.Add("Spiral", "/proc/odekernels-out"); // a file system that refuses new entries
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnUnwritableOutputIsAUsageError(string example, string output)
    {
        using var dir = new TempDirectory();
        string blocker = dir.File("file");
        File.WriteAllText(blocker, "not a directory");
        output = output.Replace("{file}", blocker, StringComparison.Ordinal);
        string[] quick = example switch
        {
            "Spheres" => ["--epochs", "1", "--adapt", "false"],
            "ResNetVsDense" => ["--seeds", "1", "--max-epochs", "1"],
            "Flows" => ["--quick"],

            // The output folder is checked before the data is looked for, so this holds with or without Fashion-MNIST.
            "ImageOdeNet" => ["--epochs", "1", "--data", blocker],
            _ => ["--iterations", "1"],
        };
        (int code, _, string stderr) = ExampleProcess.Run(Dll(example), [.. quick, "--out", output]);
        ErrorLine.Assert(2, code, stderr, "--out", output);
        Assert.Equal("not a directory", File.ReadAllText(blocker));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void QuickstartSharesTheCommandLineHandling()
    {
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.Quickstart, ["--bogus"]);
        ErrorLine.Assert(2, code, stderr, "--bogus");
        (code, string stdout, stderr) = ExampleProcess.Run(ExampleProcess.Quickstart, []);
        Assert.True(code == 0, stderr);
        Assert.Contains("Tsit5, 1024 lanes", stdout, StringComparison.Ordinal);
    }

    private static string Dll(string example) => example switch
    {
        "Spiral" => ExampleProcess.Spiral,
        "LotkaVolterra" => ExampleProcess.LotkaVolterra,
        "Spheres" => ExampleProcess.Spheres,
        "Flows" => ExampleProcess.Flows,
        "ImageOdeNet" => ExampleProcess.ImageOdeNet,
        _ => ExampleProcess.ResNetVsDense,
    };
}
