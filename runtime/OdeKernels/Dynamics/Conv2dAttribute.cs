using System;

namespace OdeKernels;

/// <summary>
/// A two-dimensional convolution of a <see cref="NetworkAttribute"/> or <see cref="DynamicsAttribute"/> network whose
/// value at this point is a feature map (declared with <c>Channels</c>, <c>Height</c> and <c>Width</c> on the network,
/// or made by an earlier convolution): PyTorch's <c>nn.Conv2d(in, outChannels, kernel, stride, padding, bias=bias)</c>
/// with zero padding, followed by <see cref="Activation"/>. Parameters follow PyTorch: the weight is
/// [outChannels, in, kernel, kernel], then the bias [outChannels]; both start uniform in ±1/√fan_in (PyTorch's default
/// <c>kaiming_uniform_(a=√5)</c>), fan_in = in · kernel². With <see cref="DynamicsAttribute.TimeInput"/>, t enters as
/// an extra constant input channel placed first, as in Chen et al.'s <c>ConcatConv2d</c> (2018), so the weight is
/// [outChannels, in + 1, kernel, kernel] and maps one to one onto that module.
/// </summary>
/// <example>
/// <code>
/// [Network(Channels = 1, Height = 28, Width = 28)]
/// [Conv2d(8, 3, stride: 2, padding: 1, activation: Activation.Relu)]   // 1×28×28 → 8×14×14
/// [Dense(10)]                                                         // flattens 8×14×14 (channel-major) into 1568 inputs
/// public partial class SmallCnn { }
/// </code>
/// </example>
/// <remarks>Thread safety: read by the source generator at compile time; it has no run-time state.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2dAttribute : Attribute
{
    /// <summary>Creates a convolution layer.</summary>
    /// <param name="outChannels">The number of output channels (positive).</param>
    /// <param name="kernel">The side of the square kernel (positive).</param>
    /// <param name="stride">The step between output positions (positive; default 1).</param>
    /// <param name="padding">The zeros added on every side of each input channel (non-negative; default 0).</param>
    /// <param name="activation">The nonlinearity applied to each output.</param>
    /// <param name="bias">Whether the layer adds a bias per output channel (default true).</param>
    public Conv2dAttribute(int outChannels, int kernel, int stride = 1, int padding = 0, Activation activation = Activation.Identity, bool bias = true)
    {
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        Activation = activation;
        Bias = bias;
    }

    /// <summary>The number of output channels.</summary>
    public int OutChannels { get; }

    /// <summary>The side of the square kernel.</summary>
    public int Kernel { get; }

    /// <summary>The step between output positions.</summary>
    public int Stride { get; }

    /// <summary>The zeros added on every side of each input channel.</summary>
    public int Padding { get; }

    /// <summary>The nonlinearity applied to each output.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a bias per output channel.</summary>
    public bool Bias { get; }

    /// <summary>
    /// How the CPU kernels compute the forward pass (default <see cref="ConvolutionAlgorithm.Direct"/>);
    /// <see cref="ConvolutionAlgorithm.Winograd"/> needs kernel 3 and stride 1.
    /// </summary>
    /// <example><c>[Conv2d(64, 3, padding: 1, Algorithm = ConvolutionAlgorithm.Winograd)]</c></example>
    public ConvolutionAlgorithm Algorithm { get; set; }
}
