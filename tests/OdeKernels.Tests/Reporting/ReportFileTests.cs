using System;
using System.IO;
using OdeKernels.Reporting;

namespace OdeKernels.Tests.Reporting;

/// <summary>A report's text file is replaced whole, in UTF-8 without a byte-order mark, leaving no temporary file.</summary>
public sealed class ReportFileTests
{
    [Fact]
    public void TheTextReplacesTheFileAndNothingElseIsLeft()
    {
        using var directory = new TempDirectory();
        string path = directory.File("table.md");
        File.WriteAllText(path, "an older, longer table that must not survive in part");
        ReportFile.WriteAllText(path, "| a | é |\n");
        Assert.Equal([(byte)'|', (byte)' ', (byte)'a'], File.ReadAllBytes(path)[..3]);
        Assert.Equal("| a | é |\n", File.ReadAllText(path));
        Assert.Equal(["table.md"], directory.Names());
    }

    [Fact]
    public void AFailedWriteThrowsAndLeavesNoFile()
    {
        using var directory = new TempDirectory();
        string missingFolder = Path.Combine(directory.File("absent"), "table.csv");
        Assert.ThrowsAny<IOException>(() => ReportFile.WriteAllText(missingFolder, "x"));
        Assert.Throws<ArgumentNullException>(() => ReportFile.WriteAllText(directory.File("t"), null!));
        Assert.Empty(directory.Names());
    }
}
