using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>The kinds of layer that act on a feature map (the generator's side of <c>DynamicsLayerKind</c>'s).</summary>
internal enum SpatialKind
{
    Conv2d,
    GroupNorm,
    AvgPool2d,
    GlobalAvgPool2d,
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
/// What a convolution, group-norm or pooling layer adds to its <see cref="LayerSpec"/>: its input and output shapes
/// and its settings. A convolution's weight is [Out.Channels, In.Channels (+ 1, t first, with time input), Kernel,
/// Kernel]; a pooling's window is Kernel × Kernel (a global pooling's, the whole channel).
/// </summary>
internal sealed record SpatialSpec(SpatialKind Kind, FeatureMap In, FeatureMap Out, int Kernel, int Stride, int Padding, int Groups)
{
    /// <summary>
    /// The output side of a convolution or window over <paramref name="side"/> input values: ⌊(side + 2P − K)/S⌋ + 1,
    /// or 0 where the kernel is wider than the padded input.
    /// </summary>
    public static int OutputSide(int side, int kernel, int stride, int padding) =>
        side + (2 * padding) < kernel ? 0 : ((side + (2 * padding) - kernel) / stride) + 1;

    /// <summary>
    /// Whether a convolution's forward pass runs Winograd's F(4×4, 3×3) (<c>Algorithm = ConvolutionAlgorithm.Winograd</c>,
    /// checked to be 3×3 and stride 1; see <see cref="WinogradF43"/>); false for the direct kernels and other layers.
    /// </summary>
    public bool Winograd { get; init; }

    /// <summary>4×4 output tiles down a Winograd convolution's output (the last may hang over its edge).</summary>
    public int TileRows => (Out.Height + WinogradF43.Outputs - 1) / WinogradF43.Outputs;

    /// <summary>4×4 output tiles across a Winograd convolution's output.</summary>
    public int TileColumns => (Out.Width + WinogradF43.Outputs - 1) / WinogradF43.Outputs;

    /// <summary>4×4 output tiles of a Winograd convolution, row-major.</summary>
    public int Tiles => TileRows * TileColumns;

    /// <summary>Whether the layer averages windows (an average or global average pooling).</summary>
    public bool IsPooling => Kind is SpatialKind.AvgPool2d or SpatialKind.GlobalAvgPool2d;

    /// <summary>A pooling's window height: the kernel, or the whole channel for a global pooling.</summary>
    public int WindowHeight => Kind == SpatialKind.GlobalAvgPool2d ? In.Height : Kernel;

    /// <summary>A pooling's window width: the kernel, or the whole channel for a global pooling.</summary>
    public int WindowWidth => Kind == SpatialKind.GlobalAvgPool2d ? In.Width : Kernel;
}
