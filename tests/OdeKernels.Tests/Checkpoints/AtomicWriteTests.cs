using System;
using System.Collections.Generic;
using System.IO;
using OdeKernels.Checkpoints;
using OdeKernels.IO;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>A failed write leaves the previous file intact and no temporary file behind.</summary>
public sealed class AtomicWriteTests
{
    [Fact]
    public void AFailingTensorEnumerationLeavesThePreviousFileIntact()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        SafeTensorsFile.Write(path, [SafeTensor.FromSingle("w", [1f, 2f])]);
        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<InvalidOperationException>(() => SafeTensorsFile.Write(path, Failing()));
        Assert.Equal("disk on fire", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], dir.Names());
        Assert.Equal([1f, 2f], SafeTensorsFile.Read(path)["w"].ToSingleArray());
    }

    [Fact]
    public void AWriterThatFailsAfterWritingBytesLeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("plot.svg");
        File.WriteAllText(path, "old");
        string? temporary = null;
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[10_000]);
            stream.Flush();
            temporary = ((FileStream)stream).Name;
            Assert.True(File.Exists(temporary));
            throw new IOException("device full");
        }));

        Assert.NotNull(temporary);
        Assert.Equal(Path.GetDirectoryName(path), Path.GetDirectoryName(temporary));
        Assert.False(File.Exists(temporary));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["plot.svg"], dir.Names());
    }

    [Fact]
    public void ASuccessfulWriteReplacesTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Equal(["a.txt"], dir.Names());
    }

    private static IEnumerable<SafeTensor> Failing()
    {
        yield return SafeTensor.FromSingle("w", [9f, 9f]);
        throw new InvalidOperationException("disk on fire");
    }
}
