namespace OdeKernels.Generators.Tests;

/// <summary>The baseline helper's own text handling (its file handling is exercised by every snapshot test).</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Normalize_TurnsEveryLineEndingIntoLineFeed()
    {
        Assert.Equal("a\nb\nc\n", Snapshot.Normalize("a\r\nb\rc\n"));
    }

    [Fact]
    public void FirstDifference_NamesTheLineAndBothVersions()
    {
        string message = Snapshot.FirstDifference("one\ntwo\nthree", "one\n2\nthree");

        Assert.Contains("line 2", message);
        Assert.Contains("verified: \"two\"", message);
        Assert.Contains("received: \"2\"", message);
    }

    [Fact]
    public void FirstDifference_ReportsAMissingTail()
    {
        string message = Snapshot.FirstDifference("one\ntwo", "one");

        Assert.Contains("line 2", message);
        Assert.Contains("received: (end of file)", message);
    }
}
