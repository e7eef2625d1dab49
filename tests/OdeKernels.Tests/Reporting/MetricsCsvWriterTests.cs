using System;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels.Reporting;
using OdeKernels.Tests.Checkpoints;

namespace OdeKernels.Tests.Reporting;

/// <summary>Rows are complete and flushed as written, numbers round-trip, and resuming checks the header.</summary>
public sealed class MetricsCsvWriterTests
{
    [Fact]
    public void RowsAreFlushedAsWrittenAndRoundTrip()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        double awkward = 0.1 + 0.2;
        using (var writer = MetricsCsvWriter.Create(path, ["loss", "lr"]))
        {
            writer.WriteRow(0, [awkward, 1e-3]);
            writer.WriteRow(1, [double.NaN, 1.0 / 3]);

            // Readable while still open: each row is flushed, so a killed process would leave these lines.
            string[] lines = ReadShared(path);
            Assert.Equal(["iteration,loss,lr", "0,0.30000000000000004,0.001", "1,NaN,0.3333333333333333"], lines);
            Assert.Equal(awkward, double.Parse(lines[1].Split(',')[1], CultureInfo.InvariantCulture));
        }

        Assert.EndsWith("\n", File.ReadAllText(path));
    }

    [Fact]
    public void ResumeDropsRowsAfterTheCheckpointAndAPartialLine()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        File.WriteAllText(path, "iteration,loss\n0,1\n1,0.5\n2,0.25\n3,0.125\n4,0.0");
        using (var writer = MetricsCsvWriter.Resume(path, ["loss"], lastIteration: 2))
        {
            Assert.Equal(2, writer.LastIteration);
            writer.WriteRow(3, [0.2]);
            Assert.Throws<ArgumentException>(() => writer.WriteRow(3, [0.1]));
        }

        Assert.Equal("iteration,loss\n0,1\n1,0.5\n2,0.25\n3,0.2\n", File.ReadAllText(path));

        File.AppendAllText(path, "4,0.1");
        using (var writer = MetricsCsvWriter.Resume(path, ["loss"], lastIteration: 100))
        {
            Assert.Equal(3, writer.LastIteration);
        }

        Assert.Equal("iteration,loss\n0,1\n1,0.5\n2,0.25\n3,0.2\n", File.ReadAllText(path));
    }

    [Fact]
    public void ResumeRefusesAMismatchedHeaderAndCreatesAMissingFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.csv");
        File.WriteAllText(path, "iteration,loss,lr\n0,1,0.1\n");
        var ex = Assert.Throws<InvalidDataException>(() => MetricsCsvWriter.Resume(path, ["loss"], 0));
        Assert.Contains("header 'iteration,loss,lr' does not match the columns 'iteration,loss'", ex.Message);
        Assert.Equal("iteration,loss,lr\n0,1,0.1\n", File.ReadAllText(path));

        string fresh = dir.File("fresh.csv");
        using (var writer = MetricsCsvWriter.Resume(fresh, ["loss"], 10))
        {
            Assert.Null(writer.LastIteration);
            writer.WriteRow(11, [2]);
        }

        Assert.Equal("iteration,loss\n11,2\n", File.ReadAllText(fresh));
    }

    [Fact]
    public void BadColumnsAndRowsAreRefused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.csv");
        Assert.Equal("columns", Assert.Throws<ArgumentException>(() => MetricsCsvWriter.Create(path, ["a,b"])).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentException>(() => MetricsCsvWriter.Create(path, ["a", "a"])).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentException>(() => MetricsCsvWriter.Create(path, ["iteration"])).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentException>(() => MetricsCsvWriter.Create(path, [])).ParamName);
        using var writer = MetricsCsvWriter.Create(path, ["a", "b"]);
        var ex = Assert.Throws<ArgumentException>(() => writer.WriteRow(0, [1.0]));
        Assert.Equal("values", ex.ParamName);
        Assert.Contains("length is 1", ex.Message);
    }

    [Fact]
    public void RowsAllocateNothing()
    {
        using var dir = new TempDirectory();
        using var writer = MetricsCsvWriter.Create(dir.File("m.csv"), ["loss", "norm"]);
        double[] values = [0.123456789, 1e-300];
        writer.WriteRow(0, values);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= 100; i++)
        {
            writer.WriteRow(i, values);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Where(l => l.Length > 0).ToArray();
    }
}
