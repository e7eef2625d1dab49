using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using OdeKernels.IO;

namespace OdeKernels.Checkpoints;

/// <summary>
/// A safetensors file (the Hugging Face format, readable by Python's <c>safetensors</c>): an 8-byte little-endian
/// header length N, N bytes of UTF-8 JSON describing each tensor's dtype, shape and <c>data_offsets</c> (relative to
/// the first byte after the header), padded with spaces to a multiple of 8, then the tensors' little-endian bytes,
/// packed without gaps. Files written here also record, under the metadata key <see cref="FileChecksumKey"/>, a SHA-256
/// of every byte of the file (length prefix, header and tensor data) with the 64 hex digits of that value read as
/// ASCII '0'; reading verifies it, so a changed bit anywhere (an iteration count, a shape, a tensor name, a value) is
/// refused rather than trusted.
/// </summary>
/// <remarks>Thread safety: immutable once read or created; safe to read from any number of threads.</remarks>
public sealed partial class SafeTensorsFile
{
    /// <summary>The header key of the string-to-string metadata object.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>
    /// The metadata key of the lowercase hex SHA-256 of the tensor bytes alone, which earlier versions of OdeKernels
    /// wrote. It leaves the header unprotected, so it is verified when present but no longer written, and a file with
    /// only this checksum is refused unless <c>requireChecksum</c> is false.
    /// </summary>
    public const string ChecksumKey = "sha256";

    /// <summary>
    /// The metadata key of the lowercase hex SHA-256 of the whole file, computed with the 64 digits of this value
    /// replaced by ASCII '0' (0x30). To check a file by hand: find the value in the header, hash the file with those
    /// 64 bytes set to '0', and compare.
    /// </summary>
    public const string FileChecksumKey = "file_sha256";

    /// <summary>The largest header accepted, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private static readonly string DigestPlaceholder = new('0', 64);

    private readonly Dictionary<string, SafeTensor> _byName;

    private SafeTensorsFile(IReadOnlyDictionary<string, string> metadata, SafeTensor[] tensors)
    {
        Metadata = metadata;
        Tensors = Array.AsReadOnly(tensors);
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The header's metadata, including <see cref="FileChecksumKey"/> (and <see cref="ChecksumKey"/>) when present.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors, in the order of their bytes in the file.</summary>
    public IReadOnlyList<SafeTensor> Tensors { get; }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <exception cref="KeyNotFoundException">No tensor has that name; the message lists the names there are.</exception>
    public SafeTensor this[string name] => _byName.TryGetValue(name, out SafeTensor? tensor)
        ? tensor
        : throw new KeyNotFoundException($"The file has no tensor '{name}'; it has [{string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}].");

    /// <summary>Looks a tensor up by name.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="tensor">The tensor, when found.</param>
    /// <returns>Whether the file holds a tensor of that name.</returns>
    public bool TryGetTensor(string name, [NotNullWhen(true)] out SafeTensor? tensor) => _byName.TryGetValue(name, out tensor);

    /// <summary>
    /// Writes <paramref name="tensors"/> and <paramref name="metadata"/> to <paramref name="path"/> atomically: to a
    /// temporary file in the same directory, flushed to disk, then renamed over <paramref name="path"/>. If anything
    /// fails (including enumerating <paramref name="tensors"/>), the temporary file is deleted and an existing file
    /// at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <param name="path">The file to create or replace; its directory must exist.</param>
    /// <param name="tensors">The tensors, with distinct names. They are stored as the reference implementation stores them: by descending element size, then by name.</param>
    /// <param name="metadata">String metadata (may be null); the keys <see cref="FileChecksumKey"/> and <see cref="ChecksumKey"/> are reserved.</param>
    /// <exception cref="ArgumentException">Two tensors share a name, or the metadata uses a reserved key.</exception>
    public static void Write(string path, IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, stream => WriteTo(stream, tensors, metadata));
    }

    /// <summary>The bytes <see cref="Write"/> would store.</summary>
    /// <param name="tensors">The tensors, with distinct names.</param>
    /// <param name="metadata">String metadata (may be null); the keys <see cref="FileChecksumKey"/> and <see cref="ChecksumKey"/> are reserved.</param>
    /// <returns>The whole file.</returns>
    /// <exception cref="ArgumentException">Two tensors share a name, or the metadata uses a reserved key.</exception>
    public static byte[] Serialize(IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var stream = new MemoryStream();
        WriteTo(stream, tensors, metadata);
        return stream.ToArray();
    }

    /// <summary>Reads and validates a safetensors file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="requireChecksum">
    /// Whether a missing <see cref="FileChecksumKey"/> is an error. A checksum that is present is always verified;
    /// pass false to read files written by other tools (Python's <c>safetensors</c> records none) or by earlier
    /// versions of OdeKernels (only <see cref="ChecksumKey"/>, which leaves the header unverified).
    /// </param>
    /// <returns>The metadata and the tensors.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is truncated, corrupted, not a safetensors file, or not a regular file (a FIFO, device or socket,
    /// refused before it is opened, since opening a FIFO waits for a writer); the message says what is wrong and where.
    /// </exception>
    /// <exception cref="IOException">The file cannot be read (for example <see cref="FileNotFoundException"/>).</exception>
    public static SafeTensorsFile Read(string path, bool requireChecksum = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RegularFile.Check(path, "a checkpoint is a regular file of at least 8 bytes");
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            if (!stream.CanSeek)
            {
                throw new InvalidDataException($"{path}: not a regular file (it cannot be seeked, like a pipe or a device); a safetensors file must be one.");
            }

            long length = stream.Length;
            if (length > Array.MaxLength)
            {
                throw new InvalidDataException($"{path}: file size {length} exceeds the {Array.MaxLength} bytes this reader loads at once.");
            }

            bytes = new byte[length];
            stream.ReadExactly(bytes);
        }

        return Parse(bytes, requireChecksum, path);
    }

    /// <summary>Parses and validates the bytes of a safetensors file.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="requireChecksum">Whether a missing <see cref="FileChecksumKey"/> is an error (a present checksum is always verified).</param>
    /// <returns>The metadata and the tensors.</returns>
    /// <exception cref="InvalidDataException">The bytes are truncated, corrupted or not a safetensors file; the message says what is wrong.</exception>
    public static SafeTensorsFile Parse(ReadOnlySpan<byte> bytes, bool requireChecksum = true) => Parse(bytes, requireChecksum, "safetensors data");
}
