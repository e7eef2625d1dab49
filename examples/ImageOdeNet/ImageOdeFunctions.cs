namespace OdeKernels.Examples.ImageOdeNet;

// Chen et al.'s (2018, §7.1) ODE function, as torchdiffeq's examples/odenet_mnist.py builds it (ODEfunc), at the two
// widths of ImageNetworks.cs. Its own file because it is declared once for three projects: the example trains it, the
// benchmarks time it (report section "odenet") and the tests check it against the float64 reference
// (ConvolutionDynamicsTests); the last two compile this file, so all three use the same declaration.

/// <summary>
/// The ODE function f(t, h) at C = 16 (torchdiffeq's ODEfunc): GroupNorm → ReLU → ConcatConv 3×3 → GroupNorm → ReLU →
/// ConcatConv 3×3 → GroupNorm, t entering each convolution as a constant first input channel.
/// </summary>
[Dynamics(Channels = 16, Height = 7, Width = 7, TimeInput = true, FusedMultiplyAdd = true)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1)]
[GroupNorm(8)]
public partial class ConvField16
{
}

/// <summary>
/// The ODE function f(t, h) at C = 64 (torchdiffeq's ODEfunc): GroupNorm → ReLU → ConcatConv 3×3 → GroupNorm → ReLU →
/// ConcatConv 3×3 → GroupNorm, t entering each convolution as a constant first input channel. Its convolutions run
/// Winograd's F(4×4, 3×3) (<see cref="ConvolutionAlgorithm.Winograd"/>): at 64 channels the transformed products
/// dominate and an iteration takes 0.8× the direct kernels' time or less (report section "odenet"); at 16 channels
/// (<see cref="ConvField16"/>) the transforms do, and the direct kernels are faster.
/// </summary>
[Dynamics(Channels = 64, Height = 7, Width = 7, TimeInput = true, FusedMultiplyAdd = true)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, Algorithm = ConvolutionAlgorithm.Winograd)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, Algorithm = ConvolutionAlgorithm.Winograd)]
[GroupNorm(32)]
public partial class ConvField64
{
}
