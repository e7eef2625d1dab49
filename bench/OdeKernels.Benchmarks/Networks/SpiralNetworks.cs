using OdeKernels;

namespace OdeKernels.Benchmarks.Networks;

// The spiral network of Chen et al. (2018), x³ → Dense(H, tanh) → Dense(2), at three hidden widths. H = 50 is the
// default width of the C++ baseline (bench/cpp/spiral_reference.cpp) and of the examples: that one is the examples'
// SpiralNet (and SpiralNet64 in float64), from examples/OdeKernels.Examples.Shared; the other widths are declared here.

/// <summary>The spiral network with 16 hidden units, float32.</summary>
[Dynamics(StateSize = 2)]
[Pointwise(Activation.Cube)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
public partial class Spiral16
{
}

/// <summary>The spiral network with 256 hidden units, float32.</summary>
[Dynamics(StateSize = 2)]
[Pointwise(Activation.Cube)]
[Dense(256, Activation.Tanh)]
[Dense(2)]
public partial class Spiral256
{
}

/// <summary>The examples' <c>SpiralNet</c> (H = 50) with the opt-in fused multiply-adds, for the FMA rows.</summary>
[Dynamics(StateSize = 2, FusedMultiplyAdd = true)]
[Pointwise(Activation.Cube)]
[Dense(50, Activation.Tanh)]
[Dense(2)]
public partial class SpiralNetFma
{
}

/// <summary>
/// <see cref="SpiralNetFma"/> with the identity in place of tanh (same parameter layout): not a useful model, a probe
/// of how much of a forward solve's time the tanh takes.
/// </summary>
[Dynamics(StateSize = 2, FusedMultiplyAdd = true)]
[Pointwise(Activation.Cube)]
[Dense(50)]
[Dense(2)]
public partial class SpiralNetFmaNoTanh
{
}
