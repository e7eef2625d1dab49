using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using OdeKernels.Checkpoints;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>Every kind of damage is refused with a message that says what is wrong.</summary>
public sealed class SafeTensorsCorruptionTests
{
    private static readonly byte[] Good = SafeTensorsFile.Serialize(
        [SafeTensor.FromSingle("w", [1f, 2f, 3f, 4f], [2, 2]), SafeTensor.FromDouble("b", [0.5, 0.25])]);

    private static int HeaderLength => (int)BitConverter.ToInt64(Good, 0);

    [Theory]
    [InlineData(0, "smaller than the 8-byte header length prefix")]
    [InlineData(5, "smaller than the 8-byte header length prefix")]
    [InlineData(8, "exceeds file size 8")]
    [InlineData(40, "exceeds file size 40")]
    [InlineData(-1, "file is truncated: the tensors need 32 data bytes")]
    [InlineData(-16, "but only 16 remain")]
    public void TruncatedFilesAreRefused(int keep, string message)
    {
        // Negative: that many bytes cut from the end of the data; positive: only that many bytes kept.
        int length = keep >= 0 ? keep : Good.Length + keep;
        Refused(Good.AsSpan(0, length).ToArray(), message);
    }

    [Fact]
    public void TruncationIsCaughtInAFileOnDisk()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.safetensors");
        File.WriteAllBytes(path, Good.AsSpan(0, Good.Length - 3).ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void AFlippedDataByteFailsTheChecksum()
    {
        byte[] bad = (byte[])Good.Clone();
        bad[^5] ^= 0x10;
        Refused(bad, $"checksum mismatch: the SHA-256 of the file's {Good.Length} bytes (header and tensor data, the recorded digest read as zeros) is");
    }

    [Fact]
    public void AbsurdHeaderLengthsAreRefused()
    {
        byte[] bad = (byte[])Good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bad, 1_000_000_000_000);
        Refused(bad, $"header length 1000000000000 exceeds file size {Good.Length}");
        BinaryPrimitives.WriteUInt64LittleEndian(bad, ulong.MaxValue);
        Refused(bad, $"header length {ulong.MaxValue} exceeds file size");
        byte[] big = new byte[8 + 100_000_008];
        BinaryPrimitives.WriteUInt64LittleEndian(big, 100_000_008);
        Refused(big, "header length 100000008 exceeds the limit of 100000000 bytes");
    }

    [Fact]
    public void ForeignFilesAreRefused()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        Refused(png, "exceeds file size 16");
        Refused(SafeTensorsInteropTests.Build("[1, 2, 3]", []), "does not start with '{' (first byte 0x5B)");
        Refused(SafeTensorsInteropTests.Build("", []), "does not start with '{'");
        Refused(SafeTensorsInteropTests.Build("{}", []), "has no 'file_sha256' entry");
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", "header is not valid JSON")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} x", "header is not valid JSON")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],}}", "header is not valid JSON")]
    [InlineData("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", "tensor 'w' has dtype 'BF16', but only F32, F64 and I64 are supported")]
    [InlineData("{\"w\":{\"dtype\":3,\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 'w' has a dtype that is a JSON Number")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "tensor 'w' shape holds -1")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", "tensor 'w' shape holds 1.5")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "tensor 'w' lacks 'data_offsets'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "must hold exactly [begin, end]")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", "unknown field 'extra'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "header names 'w' twice")]
    [InlineData("{\"__metadata__\":{\"a\":1},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "entry 'a' is a JSON Number")]
    [InlineData("{\"w\":[1,2]}", "tensor 'w' must be a JSON object, but it is a JSON StartArray")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", "tensor 'w' has dtype F32 and shape [2] (8 bytes), but its data_offsets [0, 4] span 4 bytes")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "whose end precedes its begin")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "tensor 'w' begins at data offset 4, but the first tensor must begin at 0")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", "tensor 'b' begins at data offset 8, but tensor 'a' ends at 4 (a gap)")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "tensor 'b' data_offsets [4, 8] overlap tensor 'a' data_offsets [0, 8]")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", "whose byte size overflows")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "the tensors cover 4 data bytes, but 8 bytes follow the header")]
    public void MalformedHeadersAreRefused(string header, string message)
    {
        Refused(SafeTensorsInteropTests.Build(header, new byte[8]), message);
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        byte[] file = SafeTensorsInteropTests.Build("{\"w\":1}", []);
        file[10] = 0xFF;
        Refused(file, "header is not valid UTF-8");
    }

    [Fact]
    public void AChecksumIsVerifiedEvenWhenNotRequired()
    {
        byte[] bad = (byte[])Good.Clone();
        bad[^1] ^= 1;
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(bad, requireChecksum: false));
        Assert.Contains("checksum mismatch", ex.Message);
        Assert.Equal(0, HeaderLength % 8);
    }

    private static void Refused(byte[] bytes, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(bytes));
        Assert.Contains(message, ex.Message);
    }
}
