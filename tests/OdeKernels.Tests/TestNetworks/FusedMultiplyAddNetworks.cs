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
