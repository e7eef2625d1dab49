using System;
using System.Collections.Generic;
using System.IO;
using OdeKernels.Datasets;
using OdeKernels.Examples.Datasets;
using OdeKernels.Terminal;

namespace OdeKernels.Examples.ImageOdeNet;

/// <summary>The training and test sets as the networks read them (<see cref="ImagePixels"/>), each computed once.</summary>
internal sealed class ImageData
{
    private readonly ImageClassificationData _files;
    private readonly Dictionary<bool, float[]> _inputs = [];

    private ImageData(ImageClassificationData files, int trainCount, int testCount)
    {
        _files = files;
        TrainCount = trainCount;
        TestCount = testCount;
        TrainLabels = files.TrainLabels.ToInt32()[..trainCount];
        TestLabels = files.TestLabels.ToInt32()[..testCount];
    }

    /// <summary>The release the files were recognised as (or "unrecognised").</summary>
    public string Dataset => _files.Dataset;

    /// <summary>The digest mismatches let through by --allow-unknown-digests.</summary>
    public IReadOnlyList<string> Warnings => _files.Warnings;

    public int TrainCount { get; }

    public int TestCount { get; }

    public int[] TrainLabels { get; }

    public int[] TestLabels { get; }

    /// <summary>Reads and checks the four files; errors become one line naming --data.</summary>
    /// <param name="s">The settings: the folder, the digest policy, the sample limits.</param>
    public static ImageData Load(ImageSettings s)
    {
        ImageClassificationData files;
        try
        {
            files = ImageClassificationData.Load(s.Data, new ImageDataOptions { Classes = ImageShapes.Classes, DigestMismatchIsError = !s.AllowUnknownDigests });
        }
        catch (FileNotFoundException e)
        {
            throw new UsageException($"--data: {e.Message} Then pass that folder with --data FOLDER (or run examples/ImageOdeNet/install-data.sh).", e);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"--data: {e.Message}{(e.Message.Contains("match no known release", StringComparison.Ordinal) ? " (--allow-unknown-digests turns this into a warning.)" : string.Empty)}", e);
        }

        if (files.TrainImages.Rows != 28 || files.TrainImages.Columns != 28)
        {
            throw new UsageException($"--data: the images of {files.TrainImages.Source.Path} are {files.TrainImages.Rows} × {files.TrainImages.Columns}; the models take 28 × 28 (MNIST's size).");
        }

        return new ImageData(files, Math.Min(s.TrainLimit ?? int.MaxValue, files.TrainImages.Count), Math.Min(s.TestLimit ?? int.MaxValue, files.TestImages.Count));
    }

    /// <summary>The pixels of the training or test set scaled to [0, 1], sample after sample (computed once).</summary>
    public float[] Inputs(bool test)
    {
        if (!_inputs.TryGetValue(test, out float[]? values))
        {
            IdxImages images = test ? _files.TestImages : _files.TrainImages;
            values = ImagePixels.ToUnitRange(images, test ? TestCount : TrainCount, averaged: false);
            _inputs[test] = values;
        }

        return values;
    }

    /// <summary>The values a network reads per sample.</summary>
    public static int Width => ImagePixels.Width(28, 28, averaged: false);
}
