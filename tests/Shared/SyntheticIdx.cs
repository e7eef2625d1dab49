using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using OdeKernels.Datasets;

namespace OdeKernels.Testing;

/// <summary>
/// Small IDX files written by the tests (the format from LeCun et al.'s MNIST page, built here byte by byte): the
/// reader's tests and the image example's runs, which never need the real data. Compiled into every test project.
/// </summary>
internal static class SyntheticIdx
{
    /// <summary>An image file's bytes: magic 0x00000803, count, rows, columns, then pixel (i, r, c) = (7i + 3r + c) mod 256.</summary>
    public static byte[] Images(int count, int rows, int columns, int magic = IdxFile.ImagesMagic)
    {
        var bytes = new byte[16 + (count * rows * columns)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (int i = 0; i < count; i++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    bytes[16 + (((i * rows) + r) * columns) + c] = Pixel(i, r, c);
                }
            }
        }

        return bytes;
    }

    public static byte Pixel(int i, int r, int c) => (byte)(((7 * i) + (3 * r) + c) % 256);

    /// <summary>A label file's bytes: magic 0x00000801, count, then label i = i mod classes.</summary>
    public static byte[] Labels(int count, int classes = 10, int magic = IdxFile.LabelsMagic)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (int i = 0; i < count; i++)
        {
            bytes[8 + i] = (byte)(i % classes);
        }

        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>The four files of a small data set (by default 8 training and 4 test images of 3 × 5) in <paramref name="directory"/>.</summary>
    public static void WriteSet(string directory, bool gzip, int trainCount = 8, int testCount = 4, int rows = 3, int columns = 5)
    {
        Write(directory, ImageClassificationData.TrainImagesName, Images(trainCount, rows, columns), gzip);
        Write(directory, ImageClassificationData.TrainLabelsName, Labels(trainCount), gzip);
        Write(directory, ImageClassificationData.TestImagesName, Images(testCount, rows, columns), gzip);
        Write(directory, ImageClassificationData.TestLabelsName, Labels(testCount), gzip);
    }

    public static string Write(string directory, string name, byte[] content, bool gzip)
    {
        string path = Path.Combine(directory, gzip ? name + ".gz" : name);
        File.WriteAllBytes(path, gzip ? Gzip(content) : content);
        return path;
    }
}
