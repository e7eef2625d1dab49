using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OdeKernels.Checkpoints;

public sealed partial class SafeTensorsFile
{
    private static readonly JsonWriterOptions HeaderJson = new()
    {
        // Compact, and escaping only what JSON requires, as serde_json (behind Python's safetensors) writes it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static void WriteTo(Stream stream, IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        List<SafeTensor> ordered = Order(tensors);
        var metadataEntries = new List<KeyValuePair<string, string>>();
        if (metadata is not null)
        {
            foreach (KeyValuePair<string, string> entry in metadata)
            {
                ArgumentNullException.ThrowIfNull(entry.Key, nameof(metadata));
                ArgumentNullException.ThrowIfNull(entry.Value, $"metadata['{entry.Key}']");
                if (entry.Key is ChecksumKey or FileChecksumKey)
                {
                    throw new ArgumentException($"metadata must not use the key '{entry.Key}': '{FileChecksumKey}' and '{ChecksumKey}' are reserved for the checksums of the file.", nameof(metadata));
                }

                metadataEntries.Add(entry);
            }
        }

        // The digest covers the whole file with its own 64 digits read as '0': written as zeros first, then patched in.
        metadataEntries.Add(new(FileChecksumKey, DigestPlaceholder));

        // Ordinal key order, so the same checkpoint always gives the same bytes.
        metadataEntries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        (byte[] header, int digestOffset) = Header(ordered, metadataEntries);
        byte[] length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            hash.AppendData(length);
            hash.AppendData(header);
            foreach (SafeTensor tensor in ordered)
            {
                hash.AppendData(tensor.Bytes);
            }

            byte[] digest = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(hash.GetHashAndReset()));
            digest.CopyTo(header, digestOffset);
        }

        stream.Write(length);
        stream.Write(header);
        foreach (SafeTensor tensor in ordered)
        {
            stream.Write(tensor.Bytes);
        }
    }

    /// <summary>
    /// The reference implementation's order: by descending dtype alignment, then by name (bytewise, as Rust compares
    /// strings). With the header padded to 8 bytes, every tensor then starts at a multiple of its element size.
    /// </summary>
    private static List<SafeTensor> Order(IEnumerable<SafeTensor> tensors)
    {
        var ordered = new List<SafeTensor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (SafeTensor tensor in tensors)
        {
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            if (!names.Add(tensor.Name))
            {
                throw new ArgumentException($"tensors holds two tensors named '{tensor.Name}'.", nameof(tensors));
            }

            ordered.Add(tensor);
        }

        ordered.Sort(static (a, b) =>
        {
            int byType = b.DType.ReferenceRank().CompareTo(a.DType.ReferenceRank());
            return byType != 0 ? byType : Encoding.UTF8.GetBytes(a.Name).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b.Name));
        });
        return ordered;
    }

    /// <summary>The padded header and the offset in it of the first digit of <see cref="FileChecksumKey"/>'s value.</summary>
    private static (byte[] Header, int DigestOffset) Header(List<SafeTensor> ordered, List<KeyValuePair<string, string>> metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        int digestOffset = -1;
        using (var json = new Utf8JsonWriter(buffer, HeaderJson))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach ((string key, string value) in metadata)
            {
                json.WritePropertyName(key);
                if (key == FileChecksumKey)
                {
                    // After the name and its colon the value's opening quote comes next; the digits follow it.
                    json.Flush();
                    digestOffset = buffer.WrittenCount + 1;
                }

                json.WriteStringValue(value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (SafeTensor tensor in ordered)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.HeaderName());
                json.WriteStartArray("shape");
                foreach (long dimension in tensor.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Bytes.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        int padding = (8 - (buffer.WrittenCount % 8)) % 8;
        byte[] header = new byte[buffer.WrittenCount + padding];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return (header, digestOffset);
    }
}
