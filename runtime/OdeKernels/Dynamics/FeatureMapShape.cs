using System.Globalization;

namespace OdeKernels;

/// <summary>
/// The shape of one sample's feature map, channels × height × width, stored channel-major as PyTorch stores one
/// sample of an NCHW tensor: value (c, y, x) is component (c · Height + y) · Width + x of the flat state or input.
/// </summary>
/// <param name="Channels">The number of channels.</param>
/// <param name="Height">The number of rows of each channel.</param>
/// <param name="Width">The number of columns of each channel.</param>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed record FeatureMapShape(int Channels, int Height, int Width)
{
    /// <summary>The number of values: Channels · Height · Width.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>The shape as <c>C×H×W</c>, e.g. <c>64×7×7</c>.</summary>
    /// <returns>The shape in invariant culture.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Channels}×{Height}×{Width}");
}
