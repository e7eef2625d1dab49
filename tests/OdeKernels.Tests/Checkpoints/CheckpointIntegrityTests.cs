using System;
using System.IO;
using System.Linq;
using System.Text;
using OdeKernels.Checkpoints;
using OdeKernels.Tests.Training;
using OdeKernels.Training;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>
/// The checksum covers every byte that resuming trusts: the length prefix, the header (tensor names, dtypes, shapes,
/// offsets and metadata such as the iteration) and the tensor data.
/// </summary>
public sealed class CheckpointIntegrityTests
{
    [Fact]
    public void EveryFlippedHeaderBitIsRefusedOrChangesNothing()
    {
        byte[] good = SmallTrainingCheckpoint(iterations: 3);
        SafeTensorsFile original = SafeTensorsFile.Parse(good);
        int headerBytes = 8 + (int)BitConverter.ToInt64(good, 0);
        int refused = 0;
        for (int bit = 0; bit < headerBytes * 8; bit++)
        {
            byte[] bad = (byte[])good.Clone();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            SafeTensorsFile loaded;
            try
            {
                loaded = SafeTensorsFile.Parse(bad);
            }
            catch (InvalidDataException)
            {
                refused++;
                continue;
            }

            // A flip that still loads may not change anything resume reads.
            AssertSameContent(original, loaded, $"bit {bit % 8} of byte {bit / 8}");
        }

        // Every flip changes a hashed byte or a digit of the recorded digest, so in practice none loads.
        Assert.Equal(headerBytes * 8, refused);
    }

    [Fact]
    public void AFlippedIterationDigitIsRefusedOnResume()
    {
        // The example: one bit turns "iteration":"3" into "2", which resume would otherwise trust.
        using var dir = new TempDirectory();
        string path = dir.File("checkpoint.safetensors");
        byte[] bytes = SmallTrainingCheckpoint(iterations: 3);
        int at = IndexOf(bytes, "\"iteration\":\"3\"") + "\"iteration\":\"".Length;
        bytes[at] ^= 0x01;
        Assert.Equal((byte)'2', bytes[at]);
        File.WriteAllBytes(path, bytes);

        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions());
        var e = Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, trainer.Iteration);
    }

    [Fact]
    public void AFlippedTensorNameOrShapeIsRefused()
    {
        // Before the header was covered, these loaded with the data of one tensor under another name or shape.
        byte[] bytes = SafeTensorsFile.Serialize([SafeTensor.FromSingle("1.weight", new float[6], [2, 3]), SafeTensor.FromSingle("2.weight", new float[6], [3, 2])]);
        byte[] renamed = (byte[])bytes.Clone();
        renamed[IndexOf(renamed, "\"1.weight\"") + 1] ^= 0x01; // "1.weight" -> "0.weight"
        Assert.Contains("checksum mismatch", Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(renamed)).Message, StringComparison.Ordinal);
        byte[] reshaped = (byte[])bytes.Clone();
        int shape = IndexOf(reshaped, "\"shape\":[2,3]") + "\"shape\":[".Length;
        (reshaped[shape], reshaped[shape + 2]) = (reshaped[shape + 2], reshaped[shape]);
        Assert.Contains("checksum mismatch", Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(reshaped)).Message, StringComparison.Ordinal);
    }

    /// <summary>The bytes of the checkpoint a short training run writes (spiral network, Adam, a few iterations).</summary>
    internal static byte[] SmallTrainingCheckpoint(int iterations)
    {
        using var dir = new TempDirectory();
        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions { CheckpointDirectory = dir.Path });
        TrainingResult result = trainer.Run(iterations);
        return File.ReadAllBytes(result.Checkpoint!);
    }

    internal static int IndexOf(byte[] bytes, string text)
    {
        int at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text));
        Assert.True(at >= 0, $"'{text}' not found");
        return at;
    }

    private static void AssertSameContent(SafeTensorsFile expected, SafeTensorsFile actual, string where)
    {
        Assert.True(expected.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(actual.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal)), $"{where}: the metadata changed");
        Assert.True(expected.Tensors.Count == actual.Tensors.Count, $"{where}: the tensor count changed");
        foreach (SafeTensor tensor in expected.Tensors)
        {
            Assert.True(actual.TryGetTensor(tensor.Name, out SafeTensor? other), $"{where}: tensor '{tensor.Name}' is gone");
            Assert.True(tensor.DType == other.DType && tensor.Shape.SequenceEqual(other.Shape) && tensor.Bytes.SequenceEqual(other.Bytes), $"{where}: tensor '{tensor.Name}' changed");
        }
    }
}
