using System;
using OdeKernels.Datasets;

namespace OdeKernels.Examples.Datasets;

/// <summary>
/// IDX images as networks read them: pixels scaled to [0, 1] (torchvision's <c>ToTensor</c>, which Chen et al.'s MNIST
/// loaders use), at full size or averaged over 2×2 blocks.
/// </summary>
/// <remarks>Thread safety: pure functions of their arguments; safe to call from any number of threads.</remarks>
public static class ImagePixels
{
    /// <summary>The values one image gives: rows × columns, or a quarter of that when <paramref name="averaged"/>.</summary>
    /// <param name="rows">The image's rows.</param>
    /// <param name="columns">The image's columns.</param>
    /// <param name="averaged">Whether 2×2 blocks are averaged (a last odd row or column is dropped).</param>
    /// <returns>The values per image.</returns>
    public static int Width(int rows, int columns, bool averaged) => averaged ? (rows / 2) * (columns / 2) : rows * columns;

    /// <summary>The first <paramref name="count"/> images as floats, sample after sample, row after row.</summary>
    /// <param name="images">The images.</param>
    /// <param name="count">How many, from the first (at most <see cref="IdxImages.Count"/>).</param>
    /// <param name="averaged">Whether each 2×2 block of pixels becomes its mean.</param>
    /// <returns><paramref name="count"/> × <see cref="Width"/> values in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above the images'.</exception>
    public static float[] ToUnitRange(IdxImages images, int count, bool averaged)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, images.Count);
        int rows = images.Rows, columns = images.Columns, width = Width(rows, columns, averaged);
        var values = new float[(long)count * width];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> image = images.Image(i);
            Span<float> x = values.AsSpan(i * width, width);
            if (!averaged)
            {
                for (int p = 0; p < image.Length; p++)
                {
                    x[p] = image[p] / 255f;
                }

                continue;
            }

            int half = columns / 2;
            for (int r = 0; r < rows / 2; r++)
            {
                for (int c = 0; c < half; c++)
                {
                    int top = (2 * r * columns) + (2 * c);
                    int sum = image[top] + image[top + 1] + image[top + columns] + image[top + columns + 1];
                    x[(r * half) + c] = sum / (4 * 255f);
                }
            }
        }

        return values;
    }
}
