using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace OdeKernels.Datasets;

/// <summary>
/// The four IDX files of an MNIST-format image classification data set (training and test images and labels), read
/// from one folder and checked: each file's format (<see cref="IdxFile"/>), the labels' range, as many labels as
/// images, the same image size in both sets, and each file's digests against the known releases (Fashion-MNIST and
/// MNIST; see <see cref="Dataset"/>).
/// </summary>
/// <remarks>Thread safety: immutable once loaded; safe to share.</remarks>
public sealed class ImageClassificationData
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package puts the four gzip files.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The training images' file name (plain; <c>.gz</c> appended for the compressed file).</summary>
    public const string TrainImagesName = "train-images-idx3-ubyte";

    /// <summary>The training labels' file name.</summary>
    public const string TrainLabelsName = "train-labels-idx1-ubyte";

    /// <summary>The test images' file name.</summary>
    public const string TestImagesName = "t10k-images-idx3-ubyte";

    /// <summary>The test labels' file name.</summary>
    public const string TestLabelsName = "t10k-labels-idx1-ubyte";

    /// <summary>What <see cref="Dataset"/> says when the files match no known release (or not all the same one).</summary>
    public const string Unrecognised = "unrecognised";

    /// <summary>How to get the data, appended to the message of a missing file.</summary>
    public const string InstallHint =
        "Fashion-MNIST installs with `apt-get install dataset-fashion-mnist` (into " + DebianFashionMnistDirectory + "); "
        + "for MNIST or another data set in the same format, put its four files (" + TrainImagesName + ", " + TrainLabelsName + ", "
        + TestImagesName + ", " + TestLabelsName + ", each plain or .gz) in one folder and load that folder.";

    private ImageClassificationData(IdxImages trainImages, IdxLabels trainLabels, IdxImages testImages, IdxLabels testLabels, string dataset, IReadOnlyList<string> warnings)
    {
        TrainImages = trainImages;
        TrainLabels = trainLabels;
        TestImages = testImages;
        TestLabels = testLabels;
        Dataset = dataset;
        Warnings = warnings;
    }

    /// <summary>The training images.</summary>
    public IdxImages TrainImages { get; }

    /// <summary>The training labels (as many as images).</summary>
    public IdxLabels TrainLabels { get; }

    /// <summary>The test images (of the training images' size).</summary>
    public IdxImages TestImages { get; }

    /// <summary>The test labels (as many as test images).</summary>
    public IdxLabels TestLabels { get; }

    /// <summary>The release all four files were recognised as (<c>Fashion-MNIST</c> or <c>MNIST</c>), or <see cref="Unrecognised"/>.</summary>
    public string Dataset { get; }

    /// <summary>The digest mismatches that <see cref="ImageDataOptions.DigestMismatchIsError"/> = false let through, one message each.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Reads and checks the four files in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder holding the files, each plain or gzip (<c>.gz</c>); MNIST's unpacked names with a dot (<c>train-images.idx3-ubyte</c>) are found too.</param>
    /// <param name="options">Classes and the digest policy; null for the defaults.</param>
    /// <returns>The data.</returns>
    /// <exception cref="FileNotFoundException">The folder or a file is missing; the message says how to install the data.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, the files disagree, or (by default) a file's digests match no known release; the message names the file and both digests.</exception>
    public static ImageClassificationData Load(string directory, ImageDataOptions? options = null) => Load(directory, options, KnownIdxFiles.All);

    internal static ImageClassificationData Load(string directory, ImageDataOptions? options, IReadOnlyList<KnownIdxFile> known)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new ImageDataOptions();
        if (!Directory.Exists(directory))
        {
            throw new FileNotFoundException($"The data folder {directory} does not exist. {InstallHint}", directory);
        }

        string trainImagesPath = Find(directory, TrainImagesName), trainLabelsPath = Find(directory, TrainLabelsName);
        string testImagesPath = Find(directory, TestImagesName), testLabelsPath = Find(directory, TestLabelsName);
        IdxImages trainImages = IdxFile.ReadImages(trainImagesPath);
        IdxLabels trainLabels = IdxFile.ReadLabels(trainLabelsPath, options.Classes);
        IdxImages testImages = IdxFile.ReadImages(testImagesPath);
        IdxLabels testLabels = IdxFile.ReadLabels(testLabelsPath, options.Classes);
        CheckCounts(trainImages, trainLabels);
        CheckCounts(testImages, testLabels);
        if (testImages.Rows != trainImages.Rows || testImages.Columns != trainImages.Columns)
        {
            throw new InvalidDataException($"{testImages.Source.Path}: the test images are {testImages.Rows} × {testImages.Columns}, but the training images ({trainImages.Source.Path}) are {trainImages.Rows} × {trainImages.Columns}.");
        }

        var warnings = new List<string>();
        var datasets = new List<(string Path, string? Dataset)>();
        foreach ((string name, IdxSource source) in new[]
        {
            (TrainImagesName, trainImages.Source), (TrainLabelsName, trainLabels.Source), (TestImagesName, testImages.Source), (TestLabelsName, testLabels.Source),
        })
        {
            string? dataset = KnownIdxFiles.Identify(name, source, known, out string mismatch);
            if (dataset is null)
            {
                Mismatch(mismatch, options, warnings);
            }

            datasets.Add((source.Path, dataset));
        }

        string[] recognised = datasets.Select(d => d.Dataset).OfType<string>().Distinct().ToArray();
        if (recognised.Length > 1)
        {
            Mismatch("The files come from different data sets: " + string.Join(", ", datasets.Select(d => $"{d.Path} is {d.Dataset ?? Unrecognised}")) + ".", options, warnings);
        }

        string identified = recognised.Length == 1 && datasets.All(d => d.Dataset is not null) ? recognised[0] : Unrecognised;
        return new ImageClassificationData(trainImages, trainLabels, testImages, testLabels, identified, warnings.AsReadOnly());
    }

    private static void Mismatch(string message, ImageDataOptions options, List<string> warnings)
    {
        if (options.DigestMismatchIsError)
        {
            throw new InvalidDataException(message + " If these are the files you mean (another data set in the same format), allow unknown digests.");
        }

        warnings.Add(message);
    }

    private static void CheckCounts(IdxImages images, IdxLabels labels)
    {
        if (images.Count != labels.Count)
        {
            throw new InvalidDataException($"{labels.Source.Path}: {labels.Count} labels, but {images.Source.Path} holds {images.Count} images.");
        }
    }

    /// <summary>The file of <paramref name="name"/>: compressed or plain, with MNIST's dotted unpacked name as a fallback.</summary>
    private static string Find(string directory, string name)
    {
        string dotted = name.Replace("-idx", ".idx", StringComparison.Ordinal);
        string[] candidates = [name + ".gz", name, dotted + ".gz", dotted];
        foreach (string candidate in candidates)
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"{directory}: no {name} (looked for {string.Join(", ", candidates)}). {InstallHint}", Path.Combine(directory, name));
    }
}
