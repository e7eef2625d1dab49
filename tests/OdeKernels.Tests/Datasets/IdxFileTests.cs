using System;
using System.IO;
using System.Security.Cryptography;
using OdeKernels.Datasets;

namespace OdeKernels.Tests.Datasets;

/// <summary>The IDX reader on files the tests write: both encodings, the digests, and each kind of corruption refused with the file named.</summary>
public sealed class IdxFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ImagesAndLabelsReadBackPixelForPixel(bool gzip)
    {
        using var directory = new TempDirectory();
        byte[] images = SyntheticIdx.Images(6, 4, 3);
        string imagesPath = SyntheticIdx.Write(directory.Path, "images", images, gzip);
        string labelsPath = SyntheticIdx.Write(directory.Path, "labels", SyntheticIdx.Labels(6, 3), gzip);

        IdxImages read = IdxFile.ReadImages(imagesPath);
        IdxLabels labels = IdxFile.ReadLabels(labelsPath, classes: 3);

        Assert.Equal((6, 4, 3, 12), (read.Count, read.Rows, read.Columns, read.PixelsPerImage));
        for (int i = 0; i < 6; i++)
        {
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(SyntheticIdx.Pixel(i, r, c), read.Image(i)[(r * 3) + c]);
                }
            }
        }

        Assert.Equal([0, 1, 2, 0, 1, 2], labels.ToInt32());
        Assert.Equal(gzip, read.Source.Compressed);
        Assert.Equal(imagesPath, read.Source.Path);
    }

    [Fact]
    public void TheContentDigestIsTheSameForAFileAndItsGzipAndTheFileDigestIsOfTheStoredBytes()
    {
        using var directory = new TempDirectory();
        byte[] content = SyntheticIdx.Images(3, 2, 2);
        string plain = SyntheticIdx.Write(directory.Path, "plain", content, gzip: false);
        string packed = SyntheticIdx.Write(directory.Path, "packed", content, gzip: true);

        IdxSource a = IdxFile.ReadImages(plain).Source, b = IdxFile.ReadImages(packed).Source;

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), a.ContentSha256);
        Assert.Equal(a.ContentSha256, b.ContentSha256);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), a.FileMd5);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(packed))), b.FileMd5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ALabelFileIsNotAnImageFile(bool gzip)
    {
        using var directory = new TempDirectory();
        string path = SyntheticIdx.Write(directory.Path, "labels", SyntheticIdx.Labels(4), gzip);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("magic number is 0x00000801", e.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000803", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOfAnotherFormatHasABadMagicNumber()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "picture.png");
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));
        Assert.Contains("magic number is 0x89504E47", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 10)]
    [InlineData(true, 10)]
    [InlineData(false, 1)]
    [InlineData(false, 18)]
    public void ATruncatedFileIsRefusedWithBothLengths(bool gzip, int cut)
    {
        using var directory = new TempDirectory();
        byte[] content = SyntheticIdx.Images(2, 3, 3);
        string path = SyntheticIdx.Write(directory.Path, "images", content.AsSpan(0, content.Length - cut).ToArray(), gzip);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        if (cut < content.Length - 16)
        {
            Assert.Contains($"has only {content.Length - 16 - cut}", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ACutOffGzipStreamIsRefusedWithTheFileNamed()
    {
        using var directory = new TempDirectory();
        byte[] packed = SyntheticIdx.Gzip(SyntheticIdx.Images(50, 10, 10));
        string path = Path.Combine(directory.Path, "images.gz");
        File.WriteAllBytes(path, packed.AsSpan(0, packed.Length / 2).ToArray());
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingBytesAreRefused()
    {
        using var directory = new TempDirectory();
        string path = SyntheticIdx.Write(directory.Path, "labels", [.. SyntheticIdx.Labels(4), 0], gzip: false);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));
        Assert.Contains("trailing data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonPositiveSizeIsRefused()
    {
        using var directory = new TempDirectory();
        byte[] content = SyntheticIdx.Images(1, 2, 2);
        content[11] = 0;
        string path = SyntheticIdx.Write(directory.Path, "images", content, gzip: false);
        Assert.Contains("size 1 of the header is 0", Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHeaderDeclaringMoreThanAnArrayHoldsIsRefusedBeforeAllocating()
    {
        using var directory = new TempDirectory();
        byte[] content = SyntheticIdx.Images(1, 1, 1);
        content[4] = content[8] = content[12] = 0x7F;
        string path = SyntheticIdx.Write(directory.Path, "images", content, gzip: false);
        Assert.Contains("more than one array holds", Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALabelOutOfRangeIsRefusedWithItsIndexAndValue()
    {
        using var directory = new TempDirectory();
        byte[] content = SyntheticIdx.Labels(5);
        content[8 + 3] = 10;
        string path = SyntheticIdx.Write(directory.Path, "labels", content, gzip: true);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path, classes: 10));
        Assert.Equal($"{path}: label 3 is 10, outside [0, 10) for 10 classes.", e.Message);
        Assert.Equal(10, IdxFile.ReadLabels(path, classes: 11).Values[3]);
    }

    [Fact]
    public void MissingEmptyAndBadArgumentsAreNamed()
    {
        using var directory = new TempDirectory();
        string missing = Path.Combine(directory.Path, "none");
        Assert.Equal(missing, Assert.Throws<FileNotFoundException>(() => IdxFile.ReadImages(missing)).FileName);
        string empty = Path.Combine(directory.Path, "empty");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(empty)).Message, StringComparison.Ordinal);
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => IdxFile.ReadLabels(empty, 0)).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => IdxFile.ReadLabels(empty, 257)).ParamName);
    }
}
