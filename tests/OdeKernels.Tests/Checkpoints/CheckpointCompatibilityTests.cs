using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OdeKernels.Checkpoints;
using OdeKernels.Tests.Training;
using OdeKernels.Training;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>
/// Checkpoints of earlier versions: those whose checksum covers only the tensor data are refused with a message that
/// says why (their metadata cannot be trusted); the optimizer is recorded as <c>Adam</c>, <c>AdamW</c>, <c>Sgd</c>, an
/// older <c>Adam`1</c> still reads as Adam, and another optimizer's state is refused.
/// </summary>
public sealed class CheckpointCompatibilityTests
{
    [Fact]
    public void AFileWithOnlyTheDataChecksumIsRefusedUnlessAskedFor()
    {
        byte[] legacy = Legacy(CheckpointIntegrityTests.SmallTrainingCheckpoint(iterations: 2), optimizer: "Adam`1");
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(legacy));
        Assert.Contains("records only 'sha256', the checksum of the tensor data that earlier versions of OdeKernels wrote", e.Message, StringComparison.Ordinal);
        Assert.Contains("unverified", e.Message, StringComparison.Ordinal);

        // Read on request, with the tensor data still verified.
        SafeTensorsFile file = SafeTensorsFile.Parse(legacy, requireChecksum: false);
        Assert.Equal("2", file.Metadata[TrainingCheckpoint.IterationKey]);
        byte[] damaged = (byte[])legacy.Clone();
        damaged[^3] ^= 0x40;
        Assert.Contains("the tensor data is corrupted", Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(damaged, requireChecksum: false)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumingFromALegacyCheckpointIsRefusedWithTheReason()
    {
        using var dir = new TempDirectory();
        string path = dir.File("checkpoint-000002.safetensors");
        File.WriteAllBytes(path, Legacy(CheckpointIntegrityTests.SmallTrainingCheckpoint(iterations: 2), optimizer: "Adam`1"));
        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions());
        var e = Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("records only 'sha256'", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, trainer.Iteration);
    }

    [Theory]
    [InlineData(typeof(Adam<float>), "Adam")]
    [InlineData(typeof(AdamW<double>), "AdamW")]
    [InlineData(typeof(Sgd<float>), "Sgd")]
    [InlineData(typeof(string), "String")]
    public void OptimizerNamesHaveNoGenericArity(Type type, string name) => Assert.Equal(name, TrainingCheckpoint.OptimizerName(type));

    [Theory]
    [InlineData("Adam", true)]
    [InlineData("Adam`1", true)]
    [InlineData("AdamW", false)]
    [InlineData("AdamW`1", false)]
    [InlineData("Adam`x", false)]
    [InlineData("Sgd", false)]
    public void ResumeChecksTheOptimizerAndReadsTheOldName(string recorded, bool accepted)
    {
        // A checkpoint with a valid whole-file checksum whose metadata names the optimizer as given.
        using var dir = new TempDirectory();
        string path = dir.File("c.safetensors");
        SafeTensorsFile source = SafeTensorsFile.Parse(CheckpointIntegrityTests.SmallTrainingCheckpoint(iterations: 2));
        var metadata = new System.Collections.Generic.Dictionary<string, string>(source.Metadata, StringComparer.Ordinal);
        metadata.Remove(SafeTensorsFile.FileChecksumKey);
        metadata[TrainingCheckpoint.OptimizerKey] = recorded;
        SafeTensorsFile.Write(path, source.Tensors, metadata);

        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions());
        if (accepted)
        {
            trainer.Resume(path);
            Assert.Equal(2, trainer.Iteration);
        }
        else
        {
            var e = Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
            Assert.Contains($"the checkpoint's optimizer is '{recorded}', but this run uses 'Adam'", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, trainer.Iteration);
        }
    }

    /// <summary>
    /// The file as the previous version wrote it: the same header and data, with <c>sha256</c> of the tensor bytes
    /// in place of the whole-file checksum, and the optimizer named as given.
    /// </summary>
    private static byte[] Legacy(byte[] current, string optimizer)
    {
        int headerLength = (int)BitConverter.ToInt64(current, 0);
        byte[] data = current[(8 + headerLength)..];
        JsonObject header = JsonNode.Parse(current.AsSpan(8, headerLength))!.AsObject();
        JsonObject metadata = header["__metadata__"]!.AsObject();
        metadata.Remove("file_sha256");
        metadata["optimizer"] = optimizer;
        metadata["sha256"] = Convert.ToHexStringLower(SHA256.HashData(data));
        string json = header.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return SafeTensorsInteropTests.Build(json + new string(' ', (8 - (Encoding.UTF8.GetByteCount(json) % 8)) % 8), data);
    }
}
