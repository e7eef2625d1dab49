using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using OdeKernels.Datasets;

namespace OdeKernels.Tests.Datasets;

/// <summary>The four-file loader on small data sets the tests write: agreement checks, the digest policy, and the missing-data message.</summary>
public sealed class ImageClassificationDataTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ASetWhoseDigestsAreKnownLoadsAsThatDataSet(bool gzip)
    {
        using var directory = new TempDirectory();
        SyntheticIdx.WriteSet(directory.Path, gzip);
        ImageClassificationData data = ImageClassificationData.Load(directory.Path, null, KnownAs("Synthetic", directory.Path));
        Assert.Equal("Synthetic", data.Dataset);
        Assert.Empty(data.Warnings);
        Assert.Equal((8, 4, 3, 5), (data.TrainImages.Count, data.TestImages.Count, data.TrainImages.Rows, data.TrainImages.Columns));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => i % 10).ToArray(), data.TestLabels.ToInt32());
    }

    [Fact]
    public void AnUnknownDigestIsAnErrorNamingTheFileAndBothDigests()
    {
        using var directory = new TempDirectory();
        SyntheticIdx.WriteSet(directory.Path, gzip: true);
        string path = Path.Combine(directory.Path, ImageClassificationData.TrainImagesName + ".gz");
        string actualSha = Convert.ToHexStringLower(SHA256.HashData(SyntheticIdx.Images(8, 3, 5)));
        string actualMd5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(path)));

        // The real table: synthetic files are neither Fashion-MNIST nor MNIST.
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ImageClassificationData.Load(directory.Path));

        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(actualSha, e.Message, StringComparison.Ordinal);
        Assert.Contains("Fashion-MNIST's is c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", e.Message, StringComparison.Ordinal);
        Assert.Contains(actualMd5, e.Message, StringComparison.Ordinal);
        Assert.Contains("MNIST's .gz is published as f68b3c2dcbeaaa9fbdd348bbdeb94873", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOptionTurnsDigestMismatchesIntoWarnings()
    {
        using var directory = new TempDirectory();
        SyntheticIdx.WriteSet(directory.Path, gzip: false);
        ImageClassificationData data = ImageClassificationData.Load(directory.Path, new ImageDataOptions { DigestMismatchIsError = false });
        Assert.Equal(ImageClassificationData.Unrecognised, data.Dataset);
        Assert.Equal(4, data.Warnings.Count);
        Assert.All(data.Warnings, w => Assert.Contains("match no known release", w, StringComparison.Ordinal));
    }

    [Fact]
    public void OneFileChangedByAByteIsAMismatchAlthoughItsFormatIsValid()
    {
        using var directory = new TempDirectory();
        SyntheticIdx.WriteSet(directory.Path, gzip: false);
        var known = KnownAs("Synthetic", directory.Path);
        string labels = Path.Combine(directory.Path, ImageClassificationData.TestLabelsName);
        byte[] content = File.ReadAllBytes(labels);
        content[^1] = (byte)((content[^1] + 1) % 10);
        File.WriteAllBytes(labels, content);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ImageClassificationData.Load(directory.Path, null, known));
        Assert.StartsWith(labels, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesOfTwoDataSetsAreRefused()
    {
        using var directory = new TempDirectory();
        SyntheticIdx.WriteSet(directory.Path, gzip: false);
        KnownIdxFile[] known = KnownAs("A", directory.Path);
        known[3] = known[3] with { Dataset = "B" };
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ImageClassificationData.Load(directory.Path, null, known));
        Assert.Contains("different data sets", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LabelsMustBeAsManyAsImages(bool test)
    {
        using var directory = new TempDirectory();
        SyntheticIdx.WriteSet(directory.Path, gzip: false);
        string name = test ? ImageClassificationData.TestLabelsName : ImageClassificationData.TrainLabelsName;
        string path = SyntheticIdx.Write(directory.Path, name, SyntheticIdx.Labels(test ? 3 : 9), gzip: false);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ImageClassificationData.Load(directory.Path, new ImageDataOptions { DigestMismatchIsError = false }));
        Assert.Equal($"{path}: {(test ? 3 : 9)} labels, but {Path.Combine(directory.Path, test ? ImageClassificationData.TestImagesName : ImageClassificationData.TrainImagesName)} holds {(test ? 4 : 8)} images.", e.Message);
    }

    [Fact]
    public void TestImagesMustHaveTheTrainingImagesSize()
    {
        using var directory = new TempDirectory();
        SyntheticIdx.WriteSet(directory.Path, gzip: false);
        SyntheticIdx.Write(directory.Path, ImageClassificationData.TestImagesName, SyntheticIdx.Images(4, 5, 3), gzip: false);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ImageClassificationData.Load(directory.Path, new ImageDataOptions { DigestMismatchIsError = false }));
        Assert.Contains("are 5 × 3, but the training images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALabelOutOfRangeOfTheClassesIsRefused()
    {
        using var directory = new TempDirectory();
        SyntheticIdx.WriteSet(directory.Path, gzip: true);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ImageClassificationData.Load(directory.Path, new ImageDataOptions { Classes = 5, DigestMismatchIsError = false }));
        Assert.Contains("label 5 is 5, outside [0, 5)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MnistsDottedUnpackedNamesAreFound()
    {
        using var directory = new TempDirectory();
        SyntheticIdx.WriteSet(directory.Path, gzip: false);
        string plain = Path.Combine(directory.Path, ImageClassificationData.TrainImagesName);
        File.Move(plain, Path.Combine(directory.Path, "train-images.idx3-ubyte"));
        ImageClassificationData data = ImageClassificationData.Load(directory.Path, new ImageDataOptions { DigestMismatchIsError = false });
        Assert.EndsWith("train-images.idx3-ubyte", data.TrainImages.Source.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDataSaysHowToInstallIt()
    {
        using var directory = new TempDirectory();
        FileNotFoundException absent = Assert.Throws<FileNotFoundException>(() => ImageClassificationData.Load(directory.File("nowhere")));
        Assert.Contains("apt-get install dataset-fashion-mnist", absent.Message, StringComparison.Ordinal);
        SyntheticIdx.WriteSet(directory.Path, gzip: true);
        File.Delete(Path.Combine(directory.Path, ImageClassificationData.TestLabelsName + ".gz"));
        FileNotFoundException missing = Assert.Throws<FileNotFoundException>(() => ImageClassificationData.Load(directory.Path));
        Assert.Contains("no " + ImageClassificationData.TestLabelsName, missing.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install dataset-fashion-mnist", missing.Message, StringComparison.Ordinal);
        Assert.Contains(ImageClassificationData.DebianFashionMnistDirectory, missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKnownTableRecognisesARecompressedFileByItsContentAndAnOriginalByItsPublishedMd5()
    {
        var source = new IdxSource("f", Compressed: true, ContentSha256: "aa", FileMd5: "bb");
        Assert.True(new KnownIdxFile("D", "n", "aa", "zz").Matches(source));
        Assert.True(new KnownIdxFile("D", "n", null, "bb").Matches(source));
        Assert.False(new KnownIdxFile("D", "n", "zz", "zz").Matches(source));

        // An uncompressed file's MD5 is its content's: it never passes as a published .gz digest.
        Assert.False(new KnownIdxFile("D", "n", null, "bb").Matches(source with { Compressed = false }));
        Assert.Equal(8, KnownIdxFiles.All.Count);
        Assert.All(KnownIdxFiles.All, k => Assert.True(k.ArchiveMd5 is { Length: 32 } && (k.ContentSha256 is null || k.ContentSha256.Length == 64)));
    }

    /// <summary>A table that knows the four files now in <paramref name="directory"/> by their content, as <paramref name="dataset"/>.</summary>
    private static KnownIdxFile[] KnownAs(string dataset, string directory)
    {
        string[] names = [ImageClassificationData.TrainImagesName, ImageClassificationData.TrainLabelsName, ImageClassificationData.TestImagesName, ImageClassificationData.TestLabelsName];
        return names.Select(n =>
        {
            string path = File.Exists(Path.Combine(directory, n)) ? Path.Combine(directory, n) : Path.Combine(directory, n + ".gz");
            IdxSource source = n.Contains("labels", StringComparison.Ordinal) ? IdxFile.ReadLabels(path).Source : IdxFile.ReadImages(path).Source;
            return new KnownIdxFile(dataset, n, source.ContentSha256, null);
        }).ToArray();
    }
}
