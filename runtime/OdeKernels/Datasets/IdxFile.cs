using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using OdeKernels.IO;

namespace OdeKernels.Datasets;

/// <summary>
/// Reads the IDX format of LeCun et al.'s MNIST (and of Fashion-MNIST, Xiao et al. 2017, which copies it): a big-endian
/// magic number 0x0000TTDD (TT the element type, 0x08 for unsigned bytes; DD the number of dimensions), DD big-endian
/// 32-bit sizes, then the elements. Plain or gzip-compressed files are told apart by their first two bytes (a gzip
/// stream starts 1F 8B, an IDX file 00 00), not by the name. Every check names the file: the magic number, positive
/// sizes, and a content exactly as long as the header says (a truncated file and trailing bytes are both refused).
/// </summary>
/// <remarks>Thread safety: stateless; safe to call from any thread.</remarks>
public static class IdxFile
{
    /// <summary>The magic number of an image file: unsigned bytes (0x08), three dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of a label file: unsigned bytes (0x08), one dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>
    /// The largest content read (2 GiB less the header): the pixels are held in one array, and a corrupt header must
    /// not make the reader try to allocate what it declares.
    /// </summary>
    private const long MaxElements = int.MaxValue - 64;

    /// <summary>Reads an image file (magic 0x00000803), plain or gzip.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The images and the file's digests.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid IDX image file; the message names it and what is wrong.</exception>
    public static IdxImages ReadImages(string path)
    {
        (IdxSource source, int[] sizes, byte[] data) = Read(path, ImagesMagic);
        return new IdxImages(source, sizes[0], sizes[1], sizes[2], data);
    }

    /// <summary>Reads a label file (magic 0x00000801), plain or gzip, and checks every label against the number of classes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="classes">The number of classes (1 to 256): every label must be below it (default 10).</param>
    /// <returns>The labels and the file's digests.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is outside [1, 256].</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid IDX label file, or a label is out of range; the message names the file, the index and the label.</exception>
    public static IdxLabels ReadLabels(string path, int classes = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, 256);
        (IdxSource source, _, byte[] data) = Read(path, LabelsMagic);
        int bad = classes == 256 ? -1 : data.AsSpan().IndexOfAnyInRange((byte)classes, byte.MaxValue);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{path}: label {bad} is {data[bad]}, outside [0, {classes}) for {classes} classes.");
        }

        return new IdxLabels(source, classes, data);
    }

    private static (IdxSource Source, int[] Sizes, byte[] Data) Read(string path, int magic)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        int dimensions = magic & 0xFF;
        string kind = magic == ImagesMagic ? "an IDX image file" : "an IDX label file";
        RegularFile.Check(path, $"{kind} holds a header of {4 + (4 * dimensions)} bytes");
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        using var fileMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var hashing = new HashingStream(file, fileMd5);
        Span<byte> start = stackalloc byte[2];
        int got = hashing.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        bool compressed = got == 2 && start[0] == 0x1F && start[1] == 0x8B;
        using var prefix = new PrefixedStream(start[..got].ToArray(), hashing);
        using Stream content = compressed ? new GZipStream(prefix, CompressionMode.Decompress) : prefix;
        using var contentSha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            (int[] sizes, byte[] data) = ReadContent(path, content, contentSha, magic, kind, compressed);
            hashing.ReadToEnd();
            string sha = Convert.ToHexStringLower(contentSha.GetHashAndReset());
            string md5 = Convert.ToHexStringLower(fileMd5.GetHashAndReset());
            return (new IdxSource(path, compressed, sha, md5), sizes, data);
        }
        catch (InvalidDataException e) when (compressed && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // GZipStream's own complaints (a corrupt or cut-off stream) do not say which file.
            throw new InvalidDataException($"{path}: the gzip stream is corrupt or truncated ({e.Message}).", e);
        }
    }

    private static (int[] Sizes, byte[] Data) ReadContent(string path, Stream content, IncrementalHash sha, int magic, string kind, bool compressed)
    {
        int dimensions = magic & 0xFF;
        string what = compressed ? "decompressed content" : "file";
        var header = new byte[4 + (4 * dimensions)];
        int read = content.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read >= 4 && BinaryPrimitives.ReadInt32BigEndian(header) != magic)
        {
            int found = BinaryPrimitives.ReadInt32BigEndian(header);
            throw new InvalidDataException($"{path}: the magic number is 0x{found:X8}, but {kind} starts with 0x{magic:X8}.");
        }

        if (read < header.Length)
        {
            throw new InvalidDataException($"{path}: the {what} has {read} bytes, fewer than the {header.Length} of the header of {kind} (truncated).");
        }

        sha.AppendData(header);
        var sizes = new int[dimensions];
        long elements = 1;
        for (int d = 0; d < dimensions; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + (4 * d)));
            if (sizes[d] <= 0)
            {
                throw new InvalidDataException($"{path}: size {d} of the header is {sizes[d]}; every size must be positive.");
            }

            elements *= sizes[d];
            if (elements > MaxElements)
            {
                throw new InvalidDataException($"{path}: the header declares more than {MaxElements} elements ({string.Join(" × ", sizes[..(d + 1)])} …), more than one array holds.");
            }
        }

        var data = new byte[elements];
        read = content.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new InvalidDataException($"{path}: the header declares {string.Join(" × ", sizes)} = {elements} bytes after the {header.Length}-byte header, but the {what} has only {read} (truncated).");
        }

        Span<byte> extra = stackalloc byte[1];
        if (content.Read(extra) != 0)
        {
            throw new InvalidDataException($"{path}: the {what} is longer than its header's {header.Length} + {elements} bytes (trailing data).");
        }

        sha.AppendData(data);
        return (sizes, data);
    }
}
