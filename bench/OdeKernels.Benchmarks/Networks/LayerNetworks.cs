using OdeKernels;

namespace OdeKernels.Benchmarks.Networks;

/// <summary>
/// Chen et al.'s 1-hidden-layer MLP on 28×28 images (784 → 300 ReLU → 10, float32), declared as
/// <c>examples/ImageOdeNet</c>'s <c>Mlp</c> is, for <see cref="Suites.LayerKernelBenchmarks"/>: a dense layer with a
/// long sum (784 inputs) per output.
/// </summary>
[Network(Inputs = 784)]
[Dense(300, Activation.Relu)]
[Dense(10)]
public partial class ImageMlp
{
}
