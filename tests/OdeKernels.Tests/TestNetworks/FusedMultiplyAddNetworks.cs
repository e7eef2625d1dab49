using OdeKernels;

namespace OdeKernels.Tests;

// The opt-in fused multiply-adds (FusedMultiplyAdd = true): twins of networks that exist without it, so that a test
// can give both the same parameters and compare.

/// <summary>The spiral model (<see cref="SpiralNet"/>) with fused product-sums.</summary>
[Dynamics(StateSize = 2, FusedMultiplyAdd = true)]
[Pointwise(Activation.Cube)]
[Dense(50, Activation.Tanh)]
[Dense(2)]
public partial class SpiralNetFma
{
}

/// <summary><see cref="SpiralNetFma"/> in double.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double), FusedMultiplyAdd = true)]
[Pointwise(Activation.Cube)]
[Dense(50, Activation.Tanh)]
[Dense(2)]
public partial class SpiralNetFma64
{
}

/// <summary><see cref="TimeNet64"/> with fused product-sums (time column, three dense layers, kept exponentials).</summary>
[Dynamics(StateSize = 3, Precision = typeof(double), TimeInput = true, FusedMultiplyAdd = true)]
[Dense(7, Activation.Softplus)]
[Dense(5, Activation.Tanh)]
[Dense(3)]
public partial class TimeNetFma64
{
}

/// <summary>
/// Piecewise linear with a time column, so that CPU and CUDA do exactly the same operations (no exp, log or sin, whose
/// C library and BCL versions round differently) and must agree bit for bit, fused or not.
/// </summary>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true, FusedMultiplyAdd = true)]
[Dense(8, Activation.Relu)]
[Dense(2)]
public partial class ReluTimeNetFma64
{
}

/// <summary><see cref="ReluTimeNetFma64"/> without fused multiply-adds.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true)]
[Dense(8, Activation.Relu)]
[Dense(2)]
public partial class ReluTimeNet64
{
}

/// <summary>A discrete network with fused product-sums.</summary>
[Network(Inputs = 5, FusedMultiplyAdd = true)]
[Dense(16, Activation.Tanh)]
[Dense(3)]
public partial class DenseMlpFma
{
}

/// <summary><see cref="DenseMlpFma"/> without fused multiply-adds.</summary>
[Network(Inputs = 5)]
[Dense(16, Activation.Tanh)]
[Dense(3)]
public partial class DenseMlp
{
}

/// <summary><see cref="DivergenceTime64"/> with fused product-sums (its tangent and cotangent products fused too).</summary>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true, Divergence = true, FusedMultiplyAdd = true)]
[Dense(8, Activation.Softplus)]
[Dense(6, Activation.Tanh)]
[Dense(2)]
public partial class DivergenceTimeFma64
{
}

/// <summary>
/// <see cref="ConvOrderNet64"/> with fused product-sums: a stride-1 convolution (its input gradient in register tiles)
/// and a strided one (its input gradient tiled per column class ix mod S), every block remainder.
/// </summary>
[Network(Channels = 11, Height = 7, Width = 6, Precision = typeof(double), FusedMultiplyAdd = true)]
[Conv2d(10, 3, padding: 1)]
[Conv2d(9, 4, stride: 2, padding: 1, bias: false)]
public partial class ConvOrderNetFma64
{
}

/// <summary><see cref="ConvField64"/> (Chen et al.'s ODE function in miniature, t as a channel) with fused product-sums.</summary>
[Dynamics(Channels = 4, Height = 5, Width = 5, TimeInput = true, Precision = typeof(double), FusedMultiplyAdd = true)]
[GroupNorm(2)]
[Pointwise(Activation.Tanh)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(2)]
[Pointwise(Activation.Softplus)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(4)]
public partial class ConvFieldFma64
{
}

/// <summary><see cref="ConvFieldFma64"/> in float, for the lane-position test.</summary>
[Dynamics(Channels = 4, Height = 5, Width = 5, TimeInput = true, FusedMultiplyAdd = true)]
[GroupNorm(2)]
[Pointwise(Activation.Tanh)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(2)]
[Pointwise(Activation.Softplus)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(4)]
public partial class ConvFieldFma32
{
}
