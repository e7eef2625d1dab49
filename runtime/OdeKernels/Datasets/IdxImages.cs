using System;

namespace OdeKernels.Datasets;

/// <summary>
/// The images of an IDX file of type 0x08 (unsigned bytes) with three dimensions (magic number 0x00000803): count ×
/// rows × columns pixels, image after image, row after row, as MNIST and Fashion-MNIST store them.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class IdxImages
{
    private readonly byte[] _pixels;

    internal IdxImages(IdxSource source, int count, int rows, int columns, byte[] pixels)
    {
        Source = source;
        Count = count;
        Rows = rows;
        Columns = columns;
        _pixels = pixels;
    }

    /// <summary>The file and its digests.</summary>
    public IdxSource Source { get; }

    /// <summary>The number of images.</summary>
    public int Count { get; }

    /// <summary>The rows of an image.</summary>
    public int Rows { get; }

    /// <summary>The columns of an image.</summary>
    public int Columns { get; }

    /// <summary>The pixels of one image: <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>All pixels (0 to 255), image after image, row after row.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The pixels of image <paramref name="index"/>, row after row.</summary>
    /// <param name="index">The image, in [0, <see cref="Count"/>).</param>
    /// <returns>Its <see cref="PixelsPerImage"/> bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }
}
