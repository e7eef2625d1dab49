using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace OdeKernels.Examples.Tests;

/// <summary>
/// The ImageOdeNet example end to end on a small data set the test writes (28 × 28 synthetic IDX files, never the real
/// data): its table, figures and folders, its resume, and its one-line errors for missing or unrecognised data.
/// </summary>
public sealed class ImageOdeNetTests
{
    private static string[] Quick(string data, string output) =>
        ["--data", data, "--allow-unknown-digests", "--epochs", "1", "--batch", "16", "--out", output];

    /// <summary>A folder of synthetic 28 × 28 IDX files in <paramref name="dir"/>.</summary>
    private static string Data(TempDirectory dir, bool gzip, int trainCount, int testCount)
    {
        string data = Directory.CreateDirectory(dir.File("data")).FullName;
        SyntheticIdx.WriteSet(data, gzip, trainCount: trainCount, testCount: testCount, rows: 28, columns: 28);
        return data;
    }

    [Fact]
    public void AQuickRunOfTheFourModelsWritesTheTablesAndFigures()
    {
        using var dir = new TempDirectory();
        string data = Data(dir, gzip: true, trainCount: 48, testCount: 20);
        string output = dir.File("out");

        (int code, string stdout, string stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, Quick(data, output), timeoutSeconds: 180);

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("unrecognised", stdout, StringComparison.Ordinal);
        Assert.Contains("warning: ", stdout, StringComparison.Ordinal);
        string[] rows = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.Equal("model,parameters,test error,training time (s),memory of a training step (MiB allocated),forward NFE", rows[0]);

        // Chen et al.'s MLP is 784 → 300 → 10. The conv models at the default C = 16, counted layer by layer as PyTorch
        // would: Conv2d weight [out, in, k, k] + bias [out], GroupNorm γ and β per channel, Linear [10, C] + [10].
        const int c = 16;
        static int Conv(int input, int output, int k, bool bias = true) => (output * input * k * k) + (bias ? output : 0);
        const int norm = 2 * c;
        int stem = Conv(1, c, 3) + norm + Conv(c, c, 4) + norm + Conv(c, c, 4);
        int field = norm + Conv(c + 1, c, 3) + norm + Conv(c + 1, c, 3) + norm;   // t is an extra input channel
        int head = norm + (c * 10) + 10;
        int block = norm + Conv(c, c, 3, bias: false) + norm + Conv(c, c, 3, bias: false);
        Assert.StartsWith($"\"ResNet, 6 blocks\",\"{stem + (6 * block) + head:N0}\",", rows[2], StringComparison.Ordinal);
        Assert.StartsWith($"RK-Net,\"{stem + field + head:N0}\",", rows[3], StringComparison.Ordinal);
        Assert.StartsWith($"ODE-Net,\"{stem + field + head:N0}\",", rows[4], StringComparison.Ordinal);

        // The RK-Net's Rk4 at h = 1/4 takes 4 steps of 4 stages: 16 forward evaluations per sample, whatever it learned.
        Assert.EndsWith(",16.0", rows[3], StringComparison.Ordinal);
        Assert.EndsWith(",-", rows[1], StringComparison.Ordinal);
        foreach (string file in new[] { "results.md", "error-vs-parameters.svg", "nfe-per-epoch.svg", "test-solvers.csv", "test-solvers.md", "test-solvers.svg" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }

        string[] solvers = File.ReadAllLines(Path.Combine(output, "test-solvers.csv"));
        Assert.Contains(solvers, l => l.StartsWith("Rk4,h = 1,", StringComparison.Ordinal) && l.EndsWith(",4.0", StringComparison.Ordinal));
        Assert.Contains(solvers, l => l.StartsWith("Euler,h = 1/8,", StringComparison.Ordinal) && l.EndsWith(",8.0", StringComparison.Ordinal));
        foreach (string model in new[] { "mlp", "resnet", "rknet", "odenet" })
        {
            Assert.True(File.Exists(Path.Combine(output, model, "metrics.csv")), model);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, model), "checkpoint-*.safetensors"));
        }

        string svg = File.ReadAllText(Path.Combine(output, "error-vs-parameters.svg"));
        Assert.Contains("ODE-Net", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ChannelsSixtyFourAreChenEtAlsFullWidthModels()
    {
        using var dir = new TempDirectory();
        string data = Data(dir, gzip: false, trainCount: 16, testCount: 4);
        string output = dir.File("out");
        string[] args = [.. Quick(data, output), "--models", "resnet,rknet,odenet", "--channels", "64", "--test-solvers", "false"];

        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, args, timeoutSeconds: 180);

        Assert.True(code == 0, $"exit {code}: {stderr}");
        const int c = 64;
        const int norm = 2 * c;
        int stem = (c * 9) + c + norm + (c * c * 16) + c + norm + (c * c * 16) + c;
        int field = norm + (c * (c + 1) * 9) + c + norm + (c * (c + 1) * 9) + c + norm;
        int head = norm + (c * 10) + 10;
        int parameters = stem + field + head;
        int block = norm + (c * c * 9) + norm + (c * c * 9);
        Assert.Equal(208_266, parameters); // the same sum written out: Chen et al.'s Table 1 rounds their ODE-Net to "0.22 M"
        string[] rows = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.StartsWith($"\"ResNet, 6 blocks\",\"{stem + (6 * block) + head:N0}\",", rows[1], StringComparison.Ordinal);
        Assert.StartsWith($"RK-Net,\"{parameters:N0}\",", rows[2], StringComparison.Ordinal);
        Assert.StartsWith($"ODE-Net,\"{parameters:N0}\",", rows[3], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheDefaultRateIsACosineFromSixThousandthsAndStepDecaysOnRequest(bool step)
    {
        using var dir = new TempDirectory();
        string data = Data(dir, gzip: false, trainCount: 48, testCount: 4);
        string output = dir.File("out");
        string[] args = ["--data", data, "--allow-unknown-digests", "--epochs", "2", "--batch", "16", "--models", "mlp", "--out", output];
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, step ? [.. args, "--schedule", "step"] : args, timeoutSeconds: 120);
        Assert.True(code == 0, $"exit {code}: {stderr}");

        // Three batches an epoch, six iterations; metrics row i (1-based) was trained at the rate of iteration i - 1.
        double[] rates = File.ReadAllLines(Path.Combine(output, "mlp", "metrics.csv")).Skip(1)
            .Select(r => double.Parse(r.Split(',')[2], CultureInfo.InvariantCulture)).ToArray();
        const double Peak = 6e-3, Floor = Peak / 100;
        double[] expected = step
            ? [Peak, Peak, Peak, Peak / 10, Peak / 10, Peak / 10]   // the default --decay-epochs 1
            : [.. Enumerable.Range(0, 6).Select(i => Floor + ((Peak - Floor) * (1 + Math.Cos(Math.PI * i / 6)) / 2))];
        Assert.Equal(expected.Length, rates.Length);
        for (int i = 0; i < rates.Length; i++)
        {
            Assert.Equal(expected[i], rates[i], 1e-12);
        }
    }

    [Fact]
    public void AResumedRunContinuesWhereTheFirstStopped()
    {
        using var dir = new TempDirectory();
        string data = Data(dir, gzip: false, trainCount: 32, testCount: 8);
        string output = dir.File("out");
        string[] args = [.. Quick(data, output), "--models", "odenet", "--test-solvers", "false"];
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, args, timeoutSeconds: 120);
        Assert.True(code == 0, $"exit {code}: {stderr}");

        args[Array.IndexOf(args, "--epochs") + 1] = "2";
        (code, string stdout, stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, [.. args, "--resume"], timeoutSeconds: 120);

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("ODE-Net: resuming at iteration 2 of 4", stdout, StringComparison.Ordinal);
        string[] iterations = File.ReadAllLines(Path.Combine(output, "odenet", "metrics.csv")).Skip(1).Select(r => r.Split(',')[0]).ToArray();
        Assert.Equal(["1", "2", "3", "4"], iterations);
    }

    [Fact]
    public void CtrlCStopsAfterACheckpointWith130AndResumeContinuesFromIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no SIGINT to send to another process
        }

        using var dir = new TempDirectory();
        string data = Data(dir, gzip: true, trainCount: 32, testCount: 8);
        string output = dir.File("out");
        string[] args = ["--data", data, "--allow-unknown-digests", "--batch", "16", "--models", "odenet", "--test-solvers", "false", "--checkpoint-every", "2", "--out", output];
        using (Process process = ExampleProcess.Start(ExampleProcess.ImageOdeNet, [.. args, "--epochs", "100000"]))
        {
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            Assert.Equal(130, ExampleProcess.InterruptAfterFirstCheckpoint(process, Path.Combine(output, "odenet")));
        }

        // Two batches an epoch: resume to the end of the epoch after the one it stopped in.
        int stopped = File.ReadAllLines(Path.Combine(output, "odenet", "metrics.csv")).Length - 1;
        int epochs = (stopped / 2) + 1;
        (int code, string stdout, string stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, [.. args, "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--resume"], timeoutSeconds: 120);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains($"ODE-Net: resuming at iteration {stopped} of {2 * epochs}", stdout, StringComparison.Ordinal);
        string[] iterations = File.ReadAllLines(Path.Combine(output, "odenet", "metrics.csv")).Skip(1).Select(r => r.Split(',')[0]).ToArray();
        Assert.Equal(Enumerable.Range(1, 2 * epochs).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(), iterations);
    }

    [Fact]
    public void MissingDataIsAUsageErrorSayingHowToInstallIt()
    {
        using var dir = new TempDirectory();
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, ["--data", dir.File("none"), "--out", dir.File("out")]);
        ErrorLine.Assert(2, code, stderr, "--data", "apt-get install dataset-fashion-mnist", "install-data.sh");
    }

    [Fact]
    public void UnrecognisedFilesAreAUsageErrorNamingTheFileAndTheOption()
    {
        using var dir = new TempDirectory();
        SyntheticIdx.WriteSet(dir.Path, gzip: true, rows: 28, columns: 28);
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, ["--data", dir.Path, "--out", dir.File("out")]);
        ErrorLine.Assert(2, code, stderr, "train-images-idx3-ubyte.gz", "match no known release", "--allow-unknown-digests");
    }

    [Fact]
    public void ImagesOfAnotherSizeAreAUsageError()
    {
        using var dir = new TempDirectory();
        SyntheticIdx.WriteSet(dir.Path, gzip: false);
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, ["--data", dir.Path, "--allow-unknown-digests", "--out", dir.File("out")]);
        ErrorLine.Assert(2, code, stderr, "are 3 × 5", "28 × 28");
    }

    [Theory]
    [InlineData("--models", "mlp,vgg", "--models")]
    [InlineData("--decay-epochs", "60,20", "--decay-epochs")]
    [InlineData("--schedule", "linear", "--schedule")]
    [InlineData("--rk-step", "2", "--rk-step")]
    [InlineData("--channels", "32", "--channels")]
    public void BadOptionsAreUsageErrors(string option, string value, string mention)
    {
        using var dir = new TempDirectory();
        (int code, _, string stderr) = ExampleProcess.Run(ExampleProcess.ImageOdeNet, [option, value, "--out", dir.File("out")]);
        ErrorLine.Assert(2, code, stderr, mention);
    }
}
