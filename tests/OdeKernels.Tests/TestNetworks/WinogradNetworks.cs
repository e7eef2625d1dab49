using OdeKernels;

namespace OdeKernels.Tests;

// The declarations of the Winograd convolution tests (tests/OdeKernels.Tests/Convolution/WinogradConvolutionTests.cs):
// maps whose sides are not multiples of the 4×4 output tile, so every kind of partial tile is computed.

/// <summary>
/// Chen et al.'s ODE function shape in miniature with Winograd convolutions on a 6×5 map (a tile row and column hang
/// over the edge), t as the first input channel, channel counts that fill no vector block, in double.
/// </summary>
[Dynamics(Channels = 3, Height = 6, Width = 5, TimeInput = true, Precision = typeof(double))]
[GroupNorm(3)]
[Pointwise(Activation.Tanh)]
[Conv2d(5, 3, padding: 1, Algorithm = ConvolutionAlgorithm.Winograd)]
[GroupNorm(5)]
[Pointwise(Activation.Softplus)]
[Conv2d(3, 3, padding: 1, Algorithm = ConvolutionAlgorithm.Winograd)]
public partial class WinogradField64
{
}

/// <summary><see cref="WinogradField64"/> in float with fused multiply-adds, for the lane-position test.</summary>
[Dynamics(Channels = 3, Height = 6, Width = 5, TimeInput = true, FusedMultiplyAdd = true)]
[GroupNorm(3)]
[Pointwise(Activation.Tanh)]
[Conv2d(5, 3, padding: 1, Algorithm = ConvolutionAlgorithm.Winograd)]
[GroupNorm(5)]
[Pointwise(Activation.Softplus)]
[Conv2d(3, 3, padding: 1, Algorithm = ConvolutionAlgorithm.Winograd)]
public partial class WinogradField32
{
}

/// <summary>
/// Winograd convolutions without and with extra padding (2×9×7 → 20×7×5 → 3×9×7), activations on the convolutions,
/// no bias on the second, then a dense head, in double. 20 channels: several blocks of the products' register tiles
/// in the first convolution and in the second's input gradient.
/// </summary>
[Network(Channels = 2, Height = 9, Width = 7, Precision = typeof(double))]
[Conv2d(20, 3, activation: Activation.Tanh, Algorithm = ConvolutionAlgorithm.Winograd)]
[Conv2d(3, 3, padding: 2, activation: Activation.Softplus, bias: false, Algorithm = ConvolutionAlgorithm.Winograd)]
[Dense(4)]
public partial class WinogradNet64
{
}
