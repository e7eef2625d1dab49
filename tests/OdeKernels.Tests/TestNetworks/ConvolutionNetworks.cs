using OdeKernels;

namespace OdeKernels.Tests;

// The [Network] and [Dynamics] declarations of the convolution tests (tests/OdeKernels.Tests/Convolution). Chen et
// al.'s full-size ODE function is the ImageOdeNet example's own (examples/ImageOdeNet/ImageOdeFunctions.cs, compiled
// into this project).

/// <summary>
/// Padding, stride 2 with an odd input side, a kernel wider than the stride, no bias, group norm and an implicit
/// flatten into a dense head, in double.
/// </summary>
[Network(Channels = 2, Height = 7, Width = 6, Precision = typeof(double))]
[Conv2d(4, 3, padding: 1, activation: Activation.Tanh)]
[GroupNorm(2)]
[Conv2d(3, 3, stride: 2, padding: 1, activation: Activation.Softplus, bias: false)]
[Conv2d(2, 2, stride: 1, activation: Activation.Sigmoid)]
[Dense(3)]
public partial class ConvNet64
{
}

/// <summary><see cref="ConvNet64"/> in float.</summary>
[Network(Channels = 2, Height = 7, Width = 6)]
[Conv2d(4, 3, padding: 1, activation: Activation.Tanh)]
[GroupNorm(2)]
[Conv2d(3, 3, stride: 2, padding: 1, activation: Activation.Softplus, bias: false)]
[Conv2d(2, 2, stride: 1, activation: Activation.Sigmoid)]
[Dense(3)]
public partial class ConvNet32
{
}

/// <summary>A residual block over a convolution stack (a ResNet block: conv → norm → ReLU → conv), then a wide kernel with no padding.</summary>
[Network(Channels = 3, Height = 5, Width = 5, Precision = typeof(double))]
[Residual(Layers = 4)]
[Conv2d(3, 3, padding: 1)]
[GroupNorm(3)]
[Pointwise(Activation.Silu)]
[Conv2d(3, 3, padding: 1, activation: Activation.Tanh)]
[Conv2d(2, 4, stride: 1)]
public partial class ConvResidualNet64
{
}

/// <summary>
/// A ResNet in miniature (a stem, six residual blocks norm → ReLU → conv → norm → ReLU → conv, a pooled dense head), in
/// double: long enough that its tile kernels are emitted in parts (the generator's <c>KernelParts</c>), so the tests
/// run the split code against the float64 reference and finite differences.
/// </summary>
[Network(Channels = 2, Height = 6, Width = 6, Precision = typeof(double))]
[Conv2d(4, 3, padding: 1)]
[Residual(Layers = 6)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[Conv2d(4, 3, padding: 1, bias: false)]
[GroupNorm(2)]
[Pointwise(Activation.Relu)]
[GlobalAvgPool2d]
[Dense(3)]
public partial class ConvDeepNet64
{
}

/// <summary>
/// Chen et al.'s ODE function in miniature (norm → activation → concat-conv 3×3 → norm → activation → concat-conv 3×3
/// → norm), t as the first input channel, in double.
/// </summary>
[Dynamics(Channels = 4, Height = 5, Width = 5, TimeInput = true, Precision = typeof(double))]
[GroupNorm(2)]
[Pointwise(Activation.Tanh)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(2)]
[Pointwise(Activation.Softplus)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(4)]
public partial class ConvField64
{
}

/// <summary><see cref="ConvField64"/> in float, for the lane-position tests.</summary>
[Dynamics(Channels = 4, Height = 5, Width = 5, TimeInput = true)]
[GroupNorm(2)]
[Pointwise(Activation.Tanh)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(2)]
[Pointwise(Activation.Softplus)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(4)]
public partial class ConvField32
{
}

/// <summary>Overlapping average-pooling windows (kernel 3, stride 2), group norm, then global average pooling into a dense head, in double.</summary>
[Network(Channels = 2, Height = 7, Width = 7, Precision = typeof(double))]
[Conv2d(3, 3, padding: 1, activation: Activation.Softplus)]
[AvgPool2d(3, stride: 2)]
[GroupNorm(3)]
[Conv2d(4, 2, activation: Activation.Tanh)]
[GlobalAvgPool2d]
[Dense(3)]
public partial class ConvPoolNet64
{
}

/// <summary>The README's classifier example, as written there (it must compile).</summary>
[Network(Channels = 1, Height = 28, Width = 28)]
[Conv2d(8, 3, stride: 2, padding: 1, activation: Activation.Relu)]
[AvgPool2d(2)]
[GlobalAvgPool2d]
[Dense(10)]
public partial class SmallCnn
{
}

/// <summary>
/// Out-channel counts that are not multiples of the generator's blocks (6 = 4 + 2, 5 = 4 + 1) and no activation,
/// for the bit-for-bit test of the blocked convolution (issue 13).
/// </summary>
[Network(Channels = 3, Height = 5, Width = 6, Precision = typeof(double))]
[Conv2d(6, 3, padding: 1)]
[Conv2d(5, 3, stride: 2, padding: 1, bias: false)]
public partial class ConvBlockedNet64
{
}

/// <summary>
/// Channel counts that leave every remainder of the generator's blocks (11 = 8 + 2 + 1 inputs, 10 = 8 + 2 and 9 = 8 + 1
/// outputs; 2 output × 4 input channels in the weight gradient), border and interior columns, and a 4×4 stride-2
/// kernel whose input gradient skips taps by parity, for the bit-for-bit tests of the blocked convolution's forward
/// pass and vector-Jacobian product (issue 13).
/// </summary>
[Network(Channels = 11, Height = 7, Width = 6, Precision = typeof(double))]
[Conv2d(10, 3, padding: 1)]
[Conv2d(9, 4, stride: 2, padding: 1, bias: false)]
public partial class ConvOrderNet64
{
}

/// <summary>
/// Strides with kernels narrower than (1 × 1, stride 2: every other input column gets no tap) and equal to (3 × 3,
/// stride 3) the stride, for the bit-for-bit tests of the input gradient's column classes.
/// </summary>
[Network(Channels = 3, Height = 7, Width = 8, Precision = typeof(double))]
[Conv2d(4, 1, stride: 2)]
[Conv2d(2, 3, stride: 3, padding: 1, bias: false)]
public partial class ConvStrideNet64
{
}
