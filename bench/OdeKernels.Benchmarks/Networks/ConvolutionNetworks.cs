using OdeKernels;

namespace OdeKernels.Benchmarks.Networks;

/// <summary>
/// The ImageOdeNet example's C = 64 ODE function (<c>OdeKernels.Examples.ImageOdeNet.ConvField64</c>) with its two
/// convolutions computed directly instead of by Winograd's F(4×4, 3×3): the baseline of
/// <see cref="Suites.ConvolutionKernelBenchmarks"/>, same parameters, same layers, other algorithm.
/// </summary>
[Dynamics(Channels = 64, Height = 7, Width = 7, TimeInput = true, FusedMultiplyAdd = true)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1)]
[GroupNorm(32)]
[Pointwise(Activation.Relu)]
[Conv2d(64, 3, padding: 1)]
[GroupNorm(32)]
public partial class ConvField64Direct
{
}
