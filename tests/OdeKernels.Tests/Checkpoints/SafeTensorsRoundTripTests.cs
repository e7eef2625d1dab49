using System;
using System.Collections.Generic;
using OdeKernels.Checkpoints;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>What is written reads back exactly: every dtype, shapes (scalar, empty, 3-D), metadata.</summary>
public sealed class SafeTensorsRoundTripTests
{
    [Fact]
    public void TensorsAndMetadataRoundTripThroughAFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        float[] weights = [1.5f, -2.25f, float.Epsilon, float.MaxValue, -0f, 3e-38f];
        double[] bias = [Math.PI, -1e-300, double.MinValue];
        long[] step = [long.MaxValue];
        SafeTensor[] tensors =
        [
            SafeTensor.FromSingle("layer0.weight", weights, [2, 3]),
            SafeTensor.FromDouble("layer0.bias", bias),
            SafeTensor.FromInt64("step", step, []),
            SafeTensor.FromSingle("empty", [], [0, 4]),
        ];
        var metadata = new Dictionary<string, string> { ["format"] = "odekernels", ["note"] = "ünïcode \"quoted\" <tag>" };
        SafeTensorsFile.Write(path, tensors, metadata);

        SafeTensorsFile file = SafeTensorsFile.Read(path);
        Assert.Equal(4, file.Tensors.Count);
        Assert.Equal(weights, file["layer0.weight"].ToSingleArray());
        Assert.Equal([2L, 3L], file["layer0.weight"].Shape);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(file["layer0.weight"].ToSingleArray()[4]));
        Assert.Equal(bias, file["layer0.bias"].ToDoubleArray());
        Assert.Equal(SafeTensorDType.F64, file["layer0.bias"].DType);
        Assert.Equal(step, file["step"].ToInt64Array());
        Assert.Empty(file["step"].Shape);
        Assert.Equal(1, file["step"].ElementCount);
        Assert.Equal(0, file["empty"].ElementCount);
        Assert.Equal([0L, 4L], file["empty"].Shape);
        Assert.Equal("odekernels", file.Metadata["format"]);
        Assert.Equal(metadata["note"], file.Metadata["note"]);
        Assert.Equal(64, file.Metadata[SafeTensorsFile.FileChecksumKey].Length);
        Assert.False(file.Metadata.ContainsKey(SafeTensorsFile.ChecksumKey));
        Assert.False(file.TryGetTensor("missing", out _));
        Assert.Contains("layer0.bias", Assert.Throws<KeyNotFoundException>(() => file["missing"]).Message);
    }

    [Fact]
    public void WritingIsDeterministicAndAlignsEveryTensor()
    {
        SafeTensor[] tensors = [SafeTensor.FromSingle("b", [1f, 2f, 3f]), SafeTensor.FromDouble("a", [4.0]), SafeTensor.FromInt64("c", [5])];
        byte[] first = SafeTensorsFile.Serialize(tensors);
        byte[] second = SafeTensorsFile.Serialize([tensors[2], tensors[0], tensors[1]]);
        Assert.Equal(first, second);
        Assert.Equal(0, BitConverter.ToInt64(first, 0) % 8);

        // The reference order: 8-byte types first (I64 before F64), then F32; within a type by name.
        SafeTensorsFile file = SafeTensorsFile.Parse(first);
        Assert.Equal(["c", "a", "b"], Array.ConvertAll([.. file.Tensors], t => t.Name));
    }

    [Fact]
    public void WrongElementTypeAccessIsRefused()
    {
        SafeTensor tensor = SafeTensor.FromDouble("x", [1.0]);
        Assert.Contains("holds F64 values, not F32", Assert.Throws<InvalidOperationException>(() => tensor.ToSingleArray()).Message);
    }

    [Fact]
    public void BadTensorsAndMetadataAreRefusedOnWrite()
    {
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => SafeTensor.FromSingle("x", [1f, 2f, 3f], [2, 2])).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => SafeTensor.FromSingle("x", [1f], [-1])).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => SafeTensor.FromSingle("", [1f])).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => SafeTensor.FromSingle(SafeTensorsFile.MetadataKey, [1f])).ParamName);
        SafeTensor a = SafeTensor.FromSingle("a", [1f]);
        var ex = Assert.Throws<ArgumentException>(() => SafeTensorsFile.Serialize([a, SafeTensor.FromDouble("a", [2.0])]));
        Assert.Contains("two tensors named 'a'", ex.Message);
        foreach (string reserved in new[] { "sha256", "file_sha256" })
        {
            ex = Assert.Throws<ArgumentException>(() => SafeTensorsFile.Serialize([a], new Dictionary<string, string> { [reserved] = "x" }));
            Assert.Equal("metadata", ex.ParamName);
            Assert.Contains(reserved, ex.Message, StringComparison.Ordinal);
        }
    }
}
