using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OdeKernels.Checkpoints;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>
/// Byte-level compatibility with Python's <c>safetensors</c> (whose Rust core writes: u64 LE header length; compact
/// JSON with <c>__metadata__</c> first and tensors in data order; header padded with spaces to a multiple of 8;
/// tensors sorted by descending alignment then name; raw LE bytes without gaps). The files are built by hand from
/// that description, not with our writer.
/// </summary>
public sealed class SafeTensorsInteropTests
{
    [Fact]
    public void ReadsAFileLaidOutAsPythonWritesIt()
    {
        // save_file({"attn.0": torch.arange(6.).reshape(1, 2, 3)}): the 64-byte header needs no padding.
        byte[] file = Build("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", F32(0, 1, 2, 3, 4, 5));
        Assert.Equal(64, BitConverter.ToInt64(file, 0));
        SafeTensorsFile parsed = SafeTensorsFile.Parse(file, requireChecksum: false);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], parsed["attn.0"].ToSingleArray());
        Assert.Equal([1L, 2L, 3L], parsed["attn.0"].Shape);
        Assert.Empty(parsed.Metadata);
    }

    [Fact]
    public void ReadsAPaddedFileWithMetadataAndMixedTypes()
    {
        // save_file({"b": f32[3], "w": f64[2], "step": i64 scalar}, metadata={"format": "pt"}): 196-byte JSON + 4 spaces.
        string json = "{\"__metadata__\":{\"format\":\"pt\"},\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
            + "\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]},\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}";
        Assert.Equal(196, json.Length);
        byte[] file = Build(json + "    ", [.. I64(7), .. F64(0.5, -2.0), .. F32(1, 2, 3)]);
        Assert.Equal(200, BitConverter.ToInt64(file, 0));
        SafeTensorsFile parsed = SafeTensorsFile.Parse(file, requireChecksum: false);
        Assert.Equal("pt", parsed.Metadata["format"]);
        Assert.Equal([7L], parsed["step"].ToInt64Array());
        Assert.Equal([0.5, -2.0], parsed["w"].ToDoubleArray());
        Assert.Equal([1f, 2f, 3f], parsed["b"].ToSingleArray());
    }

    [Fact]
    public void WritesExactlyTheBytesTheReferenceImplementationWrites()
    {
        // Tensors given out of order; with the checksum as the only metadata entry the reference output is unique.
        byte[] ours = SafeTensorsFile.Serialize([SafeTensor.FromSingle("b", [1f, 2f, 3f]), SafeTensor.FromInt64("step", [7], []), SafeTensor.FromDouble("w", [0.5, -2.0])]);
        byte[] data = [.. I64(7), .. F64(0.5, -2.0), .. F32(1, 2, 3)];
        Func<string, string> json = sha => "{\"__metadata__\":{\"file_sha256\":\"" + sha + "\"},\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
            + "\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]},\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}";
        Func<string, string> padded = sha => json(sha) + new string(' ', (8 - (json(sha).Length % 8)) % 8);

        // The digest is that of the whole file written with 64 zeros in its place.
        string digest = Convert.ToHexStringLower(SHA256.HashData(Build(padded(new string('0', 64)), data)));
        Assert.Equal(Encoding.ASCII.GetString(Build(padded(digest), data)), Encoding.ASCII.GetString(ours));
        Assert.Equal(Build(padded(digest), data), ours);
    }

    [Fact]
    public void WhatWeWriteParsesWithAnIndependentMinimalParser()
    {
        var random = new Random(5);
        float[] a = Enumerable.Range(0, 12).Select(_ => (float)random.NextDouble()).ToArray();
        double[] b = Enumerable.Range(0, 5).Select(_ => random.NextDouble()).ToArray();
        byte[] bytes = SafeTensorsFile.Serialize(
            [SafeTensor.FromSingle("net.a", a, [3, 4]), SafeTensor.FromDouble("net.b", b), SafeTensor.FromInt64("iteration", [123, 456])],
            new Dictionary<string, string> { ["format"] = "pt" });

        Dictionary<string, (string DType, long[] Shape, byte[] Data)> tensors = MinimalParse(bytes, out Dictionary<string, string> metadata);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal(3, tensors.Count);
        Assert.Equal("F32", tensors["net.a"].DType);
        Assert.Equal([3L, 4L], tensors["net.a"].Shape);
        Assert.Equal(a, Enumerable.Range(0, 12).Select(i => BinaryPrimitives.ReadSingleLittleEndian(tensors["net.a"].Data.AsSpan(4 * i))));
        Assert.Equal(b, Enumerable.Range(0, 5).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(tensors["net.b"].Data.AsSpan(8 * i))));
        Assert.Equal([123L, 456L], Enumerable.Range(0, 2).Select(i => BinaryPrimitives.ReadInt64LittleEndian(tensors["iteration"].Data.AsSpan(8 * i))));
        long headerLength = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, headerLength % 8);
        Assert.Equal(metadata["file_sha256"], FileDigest(bytes));
    }

    /// <summary>
    /// The file checksum as the documentation states it, computed without the library: the SHA-256 of the file with
    /// the 64 digits of the recorded value replaced by '0'.
    /// </summary>
    internal static string FileDigest(byte[] file)
    {
        string text = Encoding.ASCII.GetString(file);
        const string Key = "\"file_sha256\":\"";
        int at = text.IndexOf(Key, StringComparison.Ordinal) + Key.Length;
        Assert.True(at >= Key.Length && text.IndexOf(Key, at, StringComparison.Ordinal) < 0, "the key must occur exactly once");
        byte[] zeroed = (byte[])file.Clone();
        zeroed.AsSpan(at, 64).Fill((byte)'0');
        return Convert.ToHexStringLower(SHA256.HashData(zeroed));
    }

    internal static byte[] Build(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        byte[] file = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        data.CopyTo(file, 8 + json.Length);
        return file;
    }

    internal static byte[] F32(params float[] values) => values.SelectMany(v => { byte[] b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, v); return b; }).ToArray();

    internal static byte[] F64(params double[] values) => values.SelectMany(v => { byte[] b = new byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b, v); return b; }).ToArray();

    internal static byte[] I64(params long[] values) => values.SelectMany(v => { byte[] b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); return b; }).ToArray();

    /// <summary>The format as the specification states it, with no code shared with the library.</summary>
    private static Dictionary<string, (string DType, long[] Shape, byte[] Data)> MinimalParse(byte[] bytes, out Dictionary<string, string> metadata)
    {
        long n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        byte[] data = bytes[(8 + (int)n)..];
        metadata = [];
        var tensors = new Dictionary<string, (string, long[], byte[])>();
        long covered = 0;
        foreach (JsonProperty property in header.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                foreach (JsonProperty entry in property.Value.EnumerateObject())
                {
                    metadata[entry.Name] = entry.Value.GetString()!;
                }

                continue;
            }

            string dtype = property.Value.GetProperty("dtype").GetString()!;
            long[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Assert.Equal(covered, offsets[0]);
            Assert.Equal(shape.Aggregate(1L, (p, d) => p * d) * (dtype == "F32" ? 4 : 8), offsets[1] - offsets[0]);
            Assert.Equal(0, offsets[0] % (dtype == "F32" ? 4 : 8));
            covered = offsets[1];
            tensors[property.Name] = (dtype, shape, data[(int)offsets[0]..(int)offsets[1]]);
        }

        Assert.Equal(data.Length, covered);
        return tensors;
    }
}
