using System;
using System.IO;
using System.Linq;
using OdeKernels.Checkpoints;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>Rotation keeps exactly the newest K checkpoints and deletes nothing when a save fails.</summary>
public sealed class CheckpointRotationTests
{
    [Fact]
    public void KeepsExactlyTheNewestK()
    {
        using var dir = new TempDirectory();
        var rotation = new CheckpointRotation(Path.Combine(dir.Path, "run"), keep: 3);
        foreach (long iteration in new long[] { 100, 200, 300, 400, 500, 1_234_567 })
        {
            rotation.Save(iteration, [SafeTensor.FromInt64("iteration", [iteration])]);
        }

        Assert.Equal([400L, 500L, 1_234_567L], rotation.List().Select(c => c.Iteration));
        Assert.Equal(["checkpoint-000400.safetensors", "checkpoint-000500.safetensors", "checkpoint-1234567.safetensors"],
            Directory.GetFiles(rotation.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(rotation.PathFor(1_234_567), rotation.Latest);
        Assert.Equal([1_234_567L], SafeTensorsFile.Read(rotation.Latest!)["iteration"].ToInt64Array());
    }

    [Fact]
    public void UnrelatedFilesAreLeftAlone()
    {
        using var dir = new TempDirectory();
        var rotation = new CheckpointRotation(dir.Path, keep: 1);
        File.WriteAllText(dir.File("checkpoint-abc.safetensors"), "x");
        File.WriteAllText(dir.File("notes.txt"), "x");
        rotation.Save(1, [SafeTensor.FromInt64("i", [1])]);
        rotation.Save(2, [SafeTensor.FromInt64("i", [2])]);
        Assert.Equal(["checkpoint-000002.safetensors", "checkpoint-abc.safetensors", "notes.txt"], dir.Names().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFailedSaveDeletesNothing()
    {
        using var dir = new TempDirectory();
        var rotation = new CheckpointRotation(dir.Path, keep: 2);
        rotation.Save(1, [SafeTensor.FromInt64("i", [1])]);
        rotation.Save(2, [SafeTensor.FromInt64("i", [2])]);
        Assert.Throws<ArgumentException>(() => rotation.Save(3, [SafeTensor.FromInt64("i", [3]), SafeTensor.FromInt64("i", [3])]));
        Assert.Equal([1L, 2L], rotation.List().Select(c => c.Iteration));
        Assert.Equal(2, dir.Names().Length);
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        Assert.Equal("keep", Assert.Throws<ArgumentException>(() => new CheckpointRotation("/tmp/x", 0)).ParamName);
        Assert.Equal("prefix", Assert.Throws<ArgumentException>(() => new CheckpointRotation("/tmp/x", 1, "a/b")).ParamName);
        Assert.Equal("extension", Assert.Throws<ArgumentException>(() => new CheckpointRotation("/tmp/x", 1, "c-", "safetensors")).ParamName);
        Assert.Equal("extension", Assert.Throws<ArgumentException>(() => new CheckpointRotation("/tmp/x", 1, "c-", ".tmp")).ParamName);
        Assert.Equal("iteration", Assert.Throws<ArgumentException>(() => new CheckpointRotation("/tmp/x", 1).PathFor(-1)).ParamName);
        Assert.Null(new CheckpointRotation(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), 1).Latest);
    }
}
