namespace OdeKernels.Examples.ImageOdeNet;

// The dense interim models. Chen et al.'s networks (2018, §7.1; torchdiffeq's examples/odenet_mnist.py) are a
// convolutional stem (28×28 → 64 maps of 7×7), a feature block (six residual blocks, or one ODE block whose function
// is GroupNorm-ReLU-ConcatConv-GroupNorm-ReLU-ConcatConv-GroupNorm) and a head (GroupNorm, ReLU, global average
// pooling, dense to 10). Until OdeKernels declares convolutions, the same three-part shape is built from dense layers on
// the image averaged down to 14×14: a dense stem to 64 features, the feature block over those 64, a dense head.

/// <summary>The 1-hidden-layer MLP of Chen et al.'s Table 1 (784 → 300 ReLU → 10; 238,510 parameters, their "0.24 M").</summary>
[Network(Inputs = ImageShapes.Pixels)]
[Dense(300, Activation.Relu)]
[Dense(10)]
public partial class Mlp
{
}

/// <summary>The dense interim stem: the 14×14 averaged image to 64 features.</summary>
[Network(Inputs = ImageShapes.Downsampled)]
[Dense(ImageShapes.Features, Activation.Relu)]
public partial class DenseStem
{
}

/// <summary>
/// The dense interim ODE function f(t, h) over the 64 features, time entering every layer as an extra input (the
/// dense counterpart of Chen et al.'s ConcatConv2d, where t is an extra constant channel).
/// </summary>
[Dynamics(StateSize = ImageShapes.Features, TimeInput = true)]
[Dense(ImageShapes.Features, Activation.Relu)]
[Dense(ImageShapes.Features)]
public partial class DenseField
{
}

/// <summary>The dense interim head: the 64 features to 10 logits.</summary>
[Network(Inputs = ImageShapes.Features)]
[Dense(10)]
public partial class DenseHead
{
}

/// <summary>
/// The dense interim ResNet: the stem, six residual blocks h + W₂·ReLU(W₁·h + b₁) + b₂ over the 64 features (Chen et
/// al.'s ResNet has six residual blocks), and the head, in one network.
/// </summary>
[Network(Inputs = ImageShapes.Downsampled)]
[Dense(ImageShapes.Features, Activation.Relu)]
[Residual(Layers = 2)]
[Dense(ImageShapes.Features, Activation.Relu)]
[Dense(ImageShapes.Features)]
[Residual(Layers = 2)]
[Dense(ImageShapes.Features, Activation.Relu)]
[Dense(ImageShapes.Features)]
[Residual(Layers = 2)]
[Dense(ImageShapes.Features, Activation.Relu)]
[Dense(ImageShapes.Features)]
[Residual(Layers = 2)]
[Dense(ImageShapes.Features, Activation.Relu)]
[Dense(ImageShapes.Features)]
[Residual(Layers = 2)]
[Dense(ImageShapes.Features, Activation.Relu)]
[Dense(ImageShapes.Features)]
[Residual(Layers = 2)]
[Dense(ImageShapes.Features, Activation.Relu)]
[Dense(ImageShapes.Features)]
[Dense(10)]
public partial class DenseResNet
{
}

/// <summary>The sizes the declarations share.</summary>
internal static class ImageShapes
{
    /// <summary>The pixels of a 28×28 image (MNIST, Fashion-MNIST).</summary>
    public const int Pixels = 28 * 28;

    /// <summary>The values of the image averaged over 2×2 blocks (14×14), what the dense interim models read.</summary>
    public const int Downsampled = 14 * 14;

    /// <summary>The width of the dense interim feature block (Chen et al.'s maps have 64 channels).</summary>
    public const int Features = 64;

    /// <summary>The classes of MNIST and Fashion-MNIST.</summary>
    public const int Classes = 10;
}
