using System;
using OdeKernels.Datasets;
using OdeKernels.Examples.Datasets;

namespace OdeKernels.Examples.Tests;

/// <summary>The image example's inputs against the pixels the test wrote: scaled to [0, 1], and 2×2 means at half size.</summary>
public sealed class ImagePixelsTests
{
    [Theory]
    [InlineData(4, 6)]
    [InlineData(5, 5)]
    public void FullAndAveragedImagesMatchThePixelsWritten(int rows, int columns)
    {
        using var dir = new TempDirectory();
        IdxImages images = IdxFile.ReadImages(SyntheticIdx.Write(dir.Path, "images", SyntheticIdx.Images(3, rows, columns), gzip: true));

        float[] full = ImagePixels.ToUnitRange(images, 2, averaged: false);
        float[] half = ImagePixels.ToUnitRange(images, 2, averaged: true);

        Assert.Equal(2 * rows * columns, full.Length);
        Assert.Equal(2 * (rows / 2) * (columns / 2), half.Length);
        for (int i = 0; i < 2; i++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    Assert.Equal(SyntheticIdx.Pixel(i, r, c) / 255.0, full[(((i * rows) + r) * columns) + c], 1e-6);
                }
            }

            // A last odd row or column has no partner and is dropped.
            for (int r = 0; r < rows / 2; r++)
            {
                for (int c = 0; c < columns / 2; c++)
                {
                    double mean = (SyntheticIdx.Pixel(i, 2 * r, 2 * c) + SyntheticIdx.Pixel(i, 2 * r, (2 * c) + 1)
                        + SyntheticIdx.Pixel(i, (2 * r) + 1, 2 * c) + SyntheticIdx.Pixel(i, (2 * r) + 1, (2 * c) + 1)) / 4.0;
                    Assert.Equal(mean / 255, half[(((i * (rows / 2)) + r) * (columns / 2)) + c], 1e-6);
                }
            }
        }
    }

    [Fact]
    public void ACountBeyondTheImagesIsRefused()
    {
        using var dir = new TempDirectory();
        IdxImages images = IdxFile.ReadImages(SyntheticIdx.Write(dir.Path, "images", SyntheticIdx.Images(2, 2, 2), gzip: false));
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => ImagePixels.ToUnitRange(images, 3, averaged: false)).ParamName);
        Assert.Empty(ImagePixels.ToUnitRange(images, 0, averaged: true));
    }
}
