namespace OdeKernels.Datasets;

/// <summary>Settings of <see cref="ImageClassificationData.Load(string, ImageDataOptions?)"/>.</summary>
/// <remarks>Thread safety: immutable (init-only); safe to share.</remarks>
public sealed record ImageDataOptions
{
    /// <summary>The number of classes every label must be below (default 10; 1 to 256).</summary>
    public int Classes { get; init; } = 10;

    /// <summary>
    /// Whether a file whose digests match no known release is an error (the default) or only a warning in
    /// <see cref="ImageClassificationData.Warnings"/> (for other data sets in the same format, or unpacked MNIST files,
    /// whose content digests are not published).
    /// </summary>
    public bool DigestMismatchIsError { get; init; } = true;
}
