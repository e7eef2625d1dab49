using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>The kinds of layer that act on a feature map (the generator's side of <c>DynamicsLayerKind</c>'s).</summary>
internal enum SpatialKind
{
    Conv2d,
    GroupNorm,
}

/// <summary>
/// A feature map's shape, channels × height × width, stored channel-major: value (c, y, x) is row
/// (c · Height + y) · Width + x of a tile (one sample of a PyTorch NCHW tensor), so a dense layer after it reads it
/// flattened as <c>flatten(1)</c> does, with no copy.
/// </summary>
internal sealed record FeatureMap(int Channels, int Height, int Width)
{
    public int Size => Channels * Height * Width;

    /// <summary>The values of one channel.</summary>
    public int Plane => Height * Width;

    /// <summary><c>C×H×W</c>, for messages and comments.</summary>
    public override string ToString() => $"{Literals.Int(Channels)}×{Literals.Int(Height)}×{Literals.Int(Width)}";
}

/// <summary>
/// What a convolution or group-norm layer adds to its <see cref="LayerSpec"/>: its input and output shapes and its
/// settings. A convolution's weight is [Out.Channels, In.Channels (+ 1, t first, with time input), Kernel, Kernel].
/// </summary>
internal sealed record SpatialSpec(SpatialKind Kind, FeatureMap In, FeatureMap Out, int Kernel, int Stride, int Padding, int Groups)
{
    /// <summary>The output side of a convolution or window over <paramref name="side"/> input values: ⌊(side + 2P − K)/S⌋ + 1.</summary>
    public static int OutputSide(int side, int kernel, int stride, int padding) => ((side + (2 * padding) - kernel) / stride) + 1;
}
