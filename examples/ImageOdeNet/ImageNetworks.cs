namespace OdeKernels.Examples.ImageOdeNet;

// Chen et al.'s (2018, §7.1) networks as torchdiffeq's examples/odenet_mnist.py builds them, at two widths C (the
// generator takes shapes as constants): C = 16, the default, which two cores train in minutes, and Chen's C = 64
// (--channels 64, --full). Stem: Conv 3×3 → GroupNorm → ReLU → Conv 4×4 s2 → GroupNorm → ReLU → Conv 4×4 s2, taking
// 1×28×28 to C×7×7 (the first convolution is padded by 1, so 28 → 28 → 14 → 7; torchdiffeq's is unpadded and ends at
// 6×6, with the same parameters). Feature block: six residual blocks (ResNet) or one ODE block (RK-Net, ODE-Net) of
// the ODE function in ImageOdeFunctions.cs. Head: GroupNorm → ReLU → global average pooling → Dense to 10. GroupNorm
// has C/2 groups, torchdiffeq's ratio at C = 64 (min(32, C)); at C = 16 min(32, C) would be one channel a group, an
// instance norm, after which the head's pooled ReLU barely depends on the input and training starts far slower.
// Every network here fuses its product-sums (FusedMultiplyAdd = true, as PyTorch's CPU convolutions do): one rounding
// per term instead of two, and the convolutions, which are nearly all of the work, run ~1.2-1.4x faster on AVX2.

/// <summary>The 1-hidden-layer MLP of Chen et al.'s Table 1 (784 → 300 ReLU → 10; 238,510 parameters, their "0.24 M").</summary>
[Network(Inputs = ImageShapes.Pixels, FusedMultiplyAdd = true)]
[Dense(300, Activation.Relu)]
[Dense(10)]
public partial class Mlp
{
}

/// <summary>The downsampling stem at C = 16: 1×28×28 → 16×7×7.</summary>
[Network(Channels = 1, Height = 28, Width = 28, FusedMultiplyAdd = true)]
[Conv2d(16, 3, padding: 1)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 4, stride: 2, padding: 1)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 4, stride: 2, padding: 1)]
public partial class ConvStem16
{
}

/// <summary>The head at C = 16: GroupNorm → ReLU → global average pooling → Dense 16 → 10.</summary>
[Network(Channels = 16, Height = 7, Width = 7, FusedMultiplyAdd = true)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[GlobalAvgPool2d]
[Dense(ImageShapes.Classes)]
public partial class ConvHead16
{
}

/// <summary>
/// The ResNet at C = 16: the stem, six residual blocks h + conv(ReLU(GroupNorm(conv(ReLU(GroupNorm(h)))))) (torchdiffeq's
/// ResBlock: 3×3 convolutions without bias) and the head, in one network.
/// </summary>
[Network(Channels = 1, Height = 28, Width = 28, FusedMultiplyAdd = true)]
[Conv2d(16, 3, padding: 1)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 4, stride: 2, padding: 1)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 4, stride: 2, padding: 1)]
[Residual(Layers = 6)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[Conv2d(16, 3, padding: 1, bias: false)]
[GroupNorm(8)]
[Pointwise(Activation.Relu)]
[GlobalAvgPool2d]
[Dense(ImageShapes.Classes)]
public partial class ConvResNet16
{
}

/// <summary>The downsampling stem at C = 64: 1×28×28 → 64×7×7.</summary>
[Network(Channels = 1, Height = 28, Width = 28, FusedMultiplyAdd = true)]
[Conv2d(64, 3, padding: 1)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 4, stride: 2, padding: 1)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 4, stride: 2, padding: 1)]
public partial class ConvStem64
{
}

/// <summary>The head at C = 64: GroupNorm → ReLU → global average pooling → Dense 64 → 10.</summary>
[Network(Channels = 64, Height = 7, Width = 7, FusedMultiplyAdd = true)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[GlobalAvgPool2d]
[Dense(ImageShapes.Classes)]
public partial class ConvHead64
{
}

/// <summary>
/// The ResNet at C = 64: the stem, six residual blocks h + conv(ReLU(GroupNorm(conv(ReLU(GroupNorm(h)))))) (torchdiffeq's
/// ResBlock: 3×3 convolutions without bias) and the head, in one network.
/// </summary>
[Network(Channels = 1, Height = 28, Width = 28, FusedMultiplyAdd = true)]
[Conv2d(64, 3, padding: 1)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 4, stride: 2, padding: 1)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 4, stride: 2, padding: 1)]
[Residual(Layers = 6)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[Residual(Layers = 6)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1, bias: false)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[GlobalAvgPool2d]
[Dense(ImageShapes.Classes)]
public partial class ConvResNet64
{
}

/// <summary>The sizes the declarations share.</summary>
internal static class ImageShapes
{
    /// <summary>The pixels of a 28×28 image (MNIST, Fashion-MNIST).</summary>
    public const int Pixels = 28 * 28;

    /// <summary>The classes of MNIST and Fashion-MNIST.</summary>
    public const int Classes = 10;

    /// <summary>The widths C the conv models are declared at: 16 (the default) and Chen et al.'s 64.</summary>
    public static readonly int[] Channels = [16, 64];
}
