using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;

namespace OdeKernels.Checkpoints;

public sealed partial class SafeTensorsFile
{
    private static SafeTensorsFile Parse(ReadOnlySpan<byte> bytes, bool requireChecksum, string source)
    {
        if (bytes.Length < 8)
        {
            throw Error(source, $"file size {bytes.Length} is smaller than the 8-byte header length prefix: the file is truncated or empty");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw Error(source, $"header length {headerLength} exceeds file size {bytes.Length} (8 + {headerLength} bytes needed): the file is truncated or not a safetensors file");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw Error(source, $"header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        }

        ReadOnlySpan<byte> header = bytes.Slice(8, (int)headerLength);
        ReadOnlySpan<byte> data = bytes[(8 + (int)headerLength)..];
        if (header.Length == 0 || header[0] != (byte)'{')
        {
            throw Error(source, $"header of length {headerLength} does not start with '{{'{(header.Length > 0 ? $" (first byte 0x{header[0]:X2})" : string.Empty)}: not a safetensors file");
        }

        if (!Utf8.IsValid(header))
        {
            throw Error(source, "header is not valid UTF-8");
        }

        (Dictionary<string, string> metadata, List<TensorEntry> entries, DigestToken? digest) = ParseHeader(header, source);
        entries.Sort(static (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        CheckLayout(entries, data.Length, source);
        if (digest is { } token)
        {
            VerifyFileDigest(bytes, 8 + token.Offset, token.Escaped, metadata[FileChecksumKey], source);
        }

        if (metadata.TryGetValue(ChecksumKey, out string? recorded))
        {
            string actual = Convert.ToHexStringLower(SHA256.HashData(data));
            if (!string.Equals(actual, recorded, StringComparison.OrdinalIgnoreCase))
            {
                throw Error(source, $"checksum mismatch: the SHA-256 of the {data.Length} tensor bytes is {actual}, but the header records {recorded}: the tensor data is corrupted");
            }
        }

        if (requireChecksum && digest is null)
        {
            throw Error(source, recorded is null
                ? $"header has no '{FileChecksumKey}' entry in '{MetadataKey}', so the file cannot be verified (pass requireChecksum: false for files from other tools)"
                : $"header records only '{ChecksumKey}', the checksum of the tensor data that earlier versions of OdeKernels wrote; it leaves the header (tensor names, shapes and metadata such as the iteration) unverified, so the file is not trusted (requireChecksum: false reads it with only its tensor data verified)");
        }

        var tensors = new SafeTensor[entries.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            TensorEntry e = entries[i];
            tensors[i] = SafeTensor.FromValidatedBytes(e.Name, e.DType, e.Shape, data[(int)e.Begin..(int)e.End].ToArray());
        }

        return new SafeTensorsFile(metadata, tensors);
    }

    /// <summary>
    /// Checks <see cref="FileChecksumKey"/>: the SHA-256 of every byte of the file, with the 64 digits at
    /// <paramref name="offset"/> read as '0'. A flipped bit anywhere changes either the hashed bytes or the digits.
    /// </summary>
    private static void VerifyFileDigest(ReadOnlySpan<byte> bytes, int offset, bool escaped, string recorded, string source)
    {
        if (escaped || recorded.Length != 64 || recorded.AsSpan().ContainsAnyExcept("0123456789abcdef"))
        {
            throw Error(source, $"'{FileChecksumKey}' is '{recorded}', but it must be 64 lowercase hexadecimal digits: the header is corrupted");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(bytes[..offset]);
        hash.AppendData(System.Text.Encoding.ASCII.GetBytes(DigestPlaceholder));
        hash.AppendData(bytes[(offset + 64)..]);
        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, recorded, StringComparison.Ordinal))
        {
            throw Error(source, $"checksum mismatch: the SHA-256 of the file's {bytes.Length} bytes (header and tensor data, the recorded digest read as zeros) is {actual}, but the header records {recorded}: the file is corrupted");
        }
    }

    private static void CheckLayout(List<TensorEntry> entries, int dataLength, string source)
    {
        long expectedBegin = 0;
        TensorEntry? previous = null;
        foreach (TensorEntry e in entries)
        {
            if (e.End < e.Begin)
            {
                throw Error(source, $"tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] whose end precedes its begin");
            }

            long? needed = e.ByteCount();
            if (needed is null)
            {
                throw Error(source, $"tensor '{e.Name}' has shape [{string.Join(", ", e.Shape)}] whose byte size overflows");
            }

            if (e.End - e.Begin != needed)
            {
                throw Error(source, $"tensor '{e.Name}' has dtype {e.DType.HeaderName()} and shape [{string.Join(", ", e.Shape)}] ({needed} bytes), but its data_offsets [{e.Begin}, {e.End}] span {e.End - e.Begin} bytes");
            }

            if (e.Begin < expectedBegin)
            {
                throw Error(source, $"tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] overlap tensor '{previous!.Name}' data_offsets [{previous.Begin}, {previous.End}]");
            }

            if (e.Begin > expectedBegin)
            {
                throw Error(source, previous is null
                    ? $"tensor '{e.Name}' begins at data offset {e.Begin}, but the first tensor must begin at 0 (a gap)"
                    : $"tensor '{e.Name}' begins at data offset {e.Begin}, but tensor '{previous.Name}' ends at {previous.End} (a gap)");
            }

            expectedBegin = e.End;
            previous = e;
        }

        if (expectedBegin > dataLength)
        {
            throw Error(source, $"file is truncated: the tensors need {expectedBegin} data bytes after the header (tensor '{previous!.Name}' ends at {expectedBegin}), but only {dataLength} remain");
        }

        if (expectedBegin < dataLength)
        {
            throw Error(source, $"the tensors cover {expectedBegin} data bytes, but {dataLength} bytes follow the header ({dataLength - expectedBegin} unexplained trailing bytes)");
        }
    }

    private static (Dictionary<string, string> Metadata, List<TensorEntry> Entries, DigestToken? Digest) ParseHeader(ReadOnlySpan<byte> header, string source)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        DigestToken? digest = null;
        var entries = new List<TensorEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
            reader.Read();
            Expect(ref reader, JsonTokenType.StartObject, "the header", source);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string name = reader.GetString()!;
                if (!names.Add(name))
                {
                    throw Error(source, $"header names '{name}' twice");
                }

                reader.Read();
                if (name == MetadataKey)
                {
                    digest = ReadMetadata(ref reader, metadata, source);
                }
                else
                {
                    entries.Add(ReadTensor(ref reader, name, source));
                }
            }

            // With AllowMultipleValues off, anything but whitespace after the object fails here.
            if (reader.Read())
            {
                throw Error(source, $"header has content after its JSON object at byte {reader.TokenStartIndex}");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: header is not valid JSON: {ex.Message}", ex);
        }

        return (metadata, entries, digest);
    }

    /// <summary>Reads the metadata object; returns where the value of <see cref="FileChecksumKey"/> lies, when present.</summary>
    private static DigestToken? ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string source)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"'{MetadataKey}'", source);
        DigestToken? digest = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Error(source, $"'{MetadataKey}' entry '{key}' is a JSON {reader.TokenType}, but metadata values must be strings");
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw Error(source, $"'{MetadataKey}' names '{key}' twice");
            }

            if (key == FileChecksumKey)
            {
                // TokenStartIndex is the opening quote; the digits start after it.
                digest = new DigestToken(checked((int)reader.TokenStartIndex + 1), reader.ValueIsEscaped);
            }
        }

        return digest;
    }

    private static TensorEntry ReadTensor(ref Utf8JsonReader reader, string name, string source)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"tensor '{name}'", source);
        string? dtypeName = null;
        List<long>? shape = null, offsets = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case "dtype" when dtypeName is null:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw Error(source, $"tensor '{name}' has a dtype that is a JSON {reader.TokenType}, not a string");
                    }

                    dtypeName = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadCounts(ref reader, name, "shape", source);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadCounts(ref reader, name, "data_offsets", source);
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw Error(source, $"tensor '{name}' gives '{field}' twice");
                default:
                    throw Error(source, $"tensor '{name}' has an unknown field '{field}' (expected dtype, shape, data_offsets)");
            }
        }

        if (dtypeName is null || shape is null || offsets is null)
        {
            string missing = dtypeName is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw Error(source, $"tensor '{name}' lacks '{missing}'");
        }

        if (!SafeTensorDTypes.TryParse(dtypeName, out SafeTensorDType dtype))
        {
            throw Error(source, $"tensor '{name}' has dtype '{dtypeName}', but only F32, F64 and I64 are supported");
        }

        if (offsets.Count != 2)
        {
            throw Error(source, $"tensor '{name}' has data_offsets [{string.Join(", ", offsets)}], but it must hold exactly [begin, end]");
        }

        return new TensorEntry(name, dtype, [.. shape], offsets[0], offsets[1]);
    }

    private static List<long> ReadCounts(ref Utf8JsonReader reader, string name, string field, string source)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"tensor '{name}' {field}", source);
        var values = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
            {
                string shown = reader.TokenType == JsonTokenType.Number ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan) : reader.TokenType.ToString();
                throw Error(source, $"tensor '{name}' {field} holds {shown}, but it must hold non-negative integers");
            }

            values.Add(value);
        }

        return values;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what, string source)
    {
        if (reader.TokenType != expected)
        {
            throw Error(source, $"{what} must be a JSON {(expected == JsonTokenType.StartObject ? "object" : "array")}, but it is a JSON {reader.TokenType}");
        }
    }

    private static InvalidDataException Error(string source, string message) => new($"{source}: {message}.");

    /// <summary>Where the digits of <see cref="FileChecksumKey"/> start in the header, and whether the string had escapes (then its bytes are not the digits).</summary>
    private readonly record struct DigestToken(int Offset, bool Escaped);

    private sealed record TensorEntry(string Name, SafeTensorDType DType, long[] Shape, long Begin, long End)
    {
        public long? ByteCount()
        {
            long count = DType.Size();
            foreach (long dimension in Shape)
            {
                if (dimension != 0 && count > long.MaxValue / dimension)
                {
                    return Shape.Contains(0) ? 0 : null;
                }

                count *= dimension;
            }

            return count;
        }
    }
}
