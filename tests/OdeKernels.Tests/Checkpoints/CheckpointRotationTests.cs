using System;
using System.Collections.Generic;
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

    [Fact]
    public void AbandonedTemporaryFilesAreRemovedAndNothingElse()
    {
        using var dir = new TempDirectory();
        var rotation = new CheckpointRotation(dir.Path, keep: 3);
        string hex = Guid.NewGuid().ToString("N");
        string[] abandoned = [$".checkpoint-000005.safetensors.{hex}.tmp", $".checkpoint-1234567.safetensors.{Guid.NewGuid():N}.tmp"];
        string[] others =
        [
            $".notes.txt.{hex}.tmp",                        // another file's temporary (a plot, the metrics)
            $".checkpoint-00x005.safetensors.{hex}.tmp",    // not an iteration
            ".checkpoint-000005.safetensors.1234.tmp",      // not 32 hex digits
            $".checkpoint-000005.safetensors.{hex.ToUpperInvariant()}.tmp",
            $"checkpoint-000005.safetensors.{hex}.tmp",     // no leading dot
            "checkpoint-000004.safetensors",
            "keep.tmp",
        ];
        DateTime old = DateTime.UtcNow.AddHours(-1);
        foreach (string name in abandoned.Concat(others))
        {
            File.WriteAllBytes(dir.File(name), []);
            File.SetLastWriteTimeUtc(dir.File(name), old);
        }

        IReadOnlyList<string> removed = rotation.RemoveAbandonedTemporaryFiles(DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal(abandoned.Order(StringComparer.Ordinal), removed.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(others.Order(StringComparer.Ordinal), dir.Names().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TemporaryFilesOfSavesInProgressAreLeft()
    {
        using var dir = new TempDirectory();
        var rotation = new CheckpointRotation(dir.Path, keep: 3);

        // Written after the cut-off: a save that started after this run did.
        string recent = dir.File($".checkpoint-000010.safetensors.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(recent, []);

        // Old, but held open by its writer as AtomicFile holds it (FileShare.None: an exclusive lock on Unix).
        string held = dir.File($".checkpoint-000020.safetensors.{Guid.NewGuid():N}.tmp");
        using (var writer = new FileStream(held, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            File.SetLastWriteTimeUtc(held, DateTime.UtcNow.AddHours(-1));
            Assert.Empty(rotation.RemoveAbandonedTemporaryFiles(DateTime.UtcNow.AddMinutes(-1)));
            Assert.True(File.Exists(recent) && File.Exists(held));
        }

        // Once its writer is gone (a killed process releases its lock), the old one goes.
        Assert.Equal([held], rotation.RemoveAbandonedTemporaryFiles(DateTime.UtcNow.AddMinutes(-1)));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public void ATrainingRunRemovesTheTemporaryFilesOfAKilledOne()
    {
        using var dir = new TempDirectory();
        string abandoned = dir.File($".checkpoint-000001.safetensors.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(abandoned, []);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-1));
        var trainer = Training.TrainerTestProblems.Create(Training.TrainerTestProblems.Full(), new OdeKernels.Training.TrainerOptions { CheckpointDirectory = dir.Path });
        trainer.Run(1);
        Assert.Equal(["checkpoint-000001.safetensors"], dir.Names());
    }
}
