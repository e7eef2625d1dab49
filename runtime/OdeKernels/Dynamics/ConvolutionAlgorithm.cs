namespace OdeKernels;

/// <summary>
/// How the generated CPU kernels compute a <see cref="Conv2dAttribute"/> layer's forward pass. Both compute the same
/// convolution; they round differently, so the choice is part of a network's declaration (and of its bits), never
/// made by the machine.
/// </summary>
public enum ConvolutionAlgorithm
{
    /// <summary>
    /// Every output is its bias plus its taps, summed in the order of the layer's formula (time, then input channel,
    /// kernel row, kernel column): the reference arithmetic.
    /// </summary>
    Direct = 0,

    /// <summary>
    /// Winograd's minimal filtering F(4×4, 3×3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks",
    /// CVPR 2016): each 4×4 block of outputs of a 3×3, stride-1 convolution costs 36 multiply-adds per input and output
    /// channel instead of 144 (about 2.5× fewer on a 7×7 map, where the direct kernels already skip the taps on the
    /// padding), plus transforms of the input, output and weights that grow with channels, not with their product.
    /// The results agree with <see cref="Direct"/> to rounding (the transforms' constants are as large as 8, so a
    /// float32 output carries a few units in the sixth digit of the layer's largest value); every lane is still
    /// computed on its own, so a sample's result does not depend on its batch. The transformed weights are kept per
    /// thread and remade whenever the layer's weights change (compared bit for bit at each call). Only the forward pass
    /// changes: the gradients are the direct kernels' (the exact gradient of the convolution). Kernel 3 and stride 1
    /// only (any padding); the generator rejects other layers with ODEK406. CPU kernels only (the CUDA backend refuses
    /// networks with feature-map layers).
    /// </summary>
    Winograd = 1,
}
