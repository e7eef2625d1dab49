using System;
using System.Collections.Generic;
using System.Linq;

namespace OdeKernels.Datasets;

/// <summary>One file of a known release: the digests it is recognised by.</summary>
/// <param name="Dataset">The data set's name.</param>
/// <param name="Name">The file's base name (without .gz).</param>
/// <param name="ContentSha256">The SHA-256 of the decompressed IDX content, or null where none is known.</param>
/// <param name="ArchiveMd5">The published MD5 of the .gz download, or null where none is published.</param>
internal sealed record KnownIdxFile(string Dataset, string Name, string? ContentSha256, string? ArchiveMd5)
{
    /// <summary>Whether <paramref name="source"/> is this file: its content's SHA-256 or, for a gzip file, the file's MD5 matches.</summary>
    public bool Matches(IdxSource source) =>
        string.Equals(ContentSha256, source.ContentSha256, StringComparison.Ordinal)
        || (source.Compressed && string.Equals(ArchiveMd5, source.FileMd5, StringComparison.Ordinal));
}

/// <summary>
/// The digests of the releases the loader recognises. Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): the MD5s of the
/// four .gz downloads as its README publishes them, and the SHA-256 of each file's content, computed from Debian's
/// <c>dataset-fashion-mnist</c> package (0.0~git20200523.55506a9-1), whose .gz files Debian recompressed (their gzip
/// headers carry the packaging date), so that their MD5s differ from the published ones. MNIST (LeCun, Cortes and Burges): the MD5s
/// of the four .gz downloads as torchvision and its mirrors publish them; no digest of the decompressed files is
/// published, so unpacked MNIST files are recognised by no digest (the loader's <see cref="ImageDataOptions.DigestMismatchIsError"/>
/// turns that into a warning).
/// </summary>
internal static class KnownIdxFiles
{
    public const string FashionMnist = "Fashion-MNIST";
    public const string Mnist = "MNIST";

    public static readonly IReadOnlyList<KnownIdxFile> All =
    [
        new(FashionMnist, ImageClassificationData.TrainImagesName, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        new(FashionMnist, ImageClassificationData.TrainLabelsName, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", "25c81989df183df01b3e8a0aad5dffbe"),
        new(FashionMnist, ImageClassificationData.TestImagesName, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", "bef4ecab320f06d8554ea6380940ec79"),
        new(FashionMnist, ImageClassificationData.TestLabelsName, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", "bb300cfdad3c16e7a12a480ee83cd310"),
        new(Mnist, ImageClassificationData.TrainImagesName, null, "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        new(Mnist, ImageClassificationData.TrainLabelsName, null, "d53e105ee54ea40749a09fcbcd1e9432"),
        new(Mnist, ImageClassificationData.TestImagesName, null, "9fb629c4189551a2d022fa330f9573f3"),
        new(Mnist, ImageClassificationData.TestLabelsName, null, "ec29112dd5afa0611ce80d1b7f02629c"),
    ];

    /// <summary>The data set whose file <paramref name="name"/> <paramref name="source"/> is, or null with a message listing both sides' digests.</summary>
    public static string? Identify(string name, IdxSource source, IReadOnlyList<KnownIdxFile> known, out string mismatch)
    {
        KnownIdxFile[] candidates = known.Where(k => k.Name == name).ToArray();
        KnownIdxFile? match = candidates.FirstOrDefault(k => k.Matches(source));
        if (match is not null)
        {
            mismatch = string.Empty;
            return match.Dataset;
        }

        string contents = string.Join("; ", candidates.Where(k => k.ContentSha256 is not null).Select(k => $"{k.Dataset}'s is {k.ContentSha256}"));
        string archives = string.Join("; ", candidates.Where(k => k.ArchiveMd5 is not null).Select(k => $"{k.Dataset}'s .gz is published as {k.ArchiveMd5}"));
        mismatch = $"{source.Path}: its digests match no known release of {name}: the SHA-256 of its content is {source.ContentSha256} ({(contents.Length == 0 ? "none known" : contents)})"
            + (source.Compressed
                ? $", and the MD5 of the file is {source.FileMd5} ({(archives.Length == 0 ? "none published" : archives)})."
                : $"; as an uncompressed file it cannot match a published .gz MD5 ({(archives.Length == 0 ? "none published" : archives)}).");
        return null;
    }
}
