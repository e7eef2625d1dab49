using OdeKernels;

namespace OdeKernels.Tests;

// The [Network] declarations of the discrete-network tests (residual blocks, plain stacks, the ResNet ≡ Euler pair).

/// <summary>Two residual blocks (one of two dense layers, one of a single dense layer) between plain layers, in double.</summary>
[Network(Inputs = 3, Precision = typeof(double))]
[Dense(8, Activation.Tanh)]
[Residual(Layers = 2)]
[Dense(8, Activation.Softplus)]
[Dense(8)]
[Pointwise(Activation.Sin)]
[Residual]
[Dense(8, Activation.Sigmoid)]
[Dense(2)]
public partial class ResidualNet64
{
}

/// <summary><see cref="ResidualNet64"/> in float.</summary>
[Network(Inputs = 3)]
[Dense(8, Activation.Tanh)]
[Residual(Layers = 2)]
[Dense(8, Activation.Softplus)]
[Dense(8)]
[Pointwise(Activation.Sin)]
[Residual]
[Dense(8, Activation.Sigmoid)]
[Dense(2)]
public partial class ResidualNet
{
}

/// <summary>A block at the very start (around a pointwise layer and a dense one) and one at the very end.</summary>
[Network(Inputs = 3, Precision = typeof(double))]
[Residual(Layers = 2)]
[Pointwise(Activation.Cube)]
[Dense(3, Activation.Gelu)]
[Dense(4, Activation.Silu, Bias = false)]
[Residual(Layers = 1)]
[Dense(4, Activation.Tanh)]
public partial class EdgeBlocksNet64
{
}

/// <summary>No residual block: a plain multilayer perceptron.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Dense(5, Activation.Gelu)]
[Dense(3, Activation.Silu, Bias = false)]
[Dense(4)]
public partial class PlainNet64
{
}

/// <summary>The vector field of the ResNet ≡ Euler test.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double))]
[Dense(16, Activation.Tanh)]
[Dense(2)]
public partial class BlockField64
{
}

/// <summary>Four residual blocks, each the layers of <see cref="BlockField64"/>.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Residual(Layers = 2)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
[Residual(Layers = 2)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
[Residual(Layers = 2)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
[Residual(Layers = 2)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
public partial class EulerResNet64
{
}

/// <summary><see cref="BlockField64"/> in float.</summary>
[Dynamics(StateSize = 2)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
public partial class BlockField
{
}

/// <summary><see cref="EulerResNet64"/> in float.</summary>
[Network(Inputs = 2)]
[Residual(Layers = 2)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
[Residual(Layers = 2)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
[Residual(Layers = 2)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
[Residual(Layers = 2)]
[Dense(16, Activation.Tanh)]
[Dense(2)]
public partial class EulerResNet
{
}

/// <summary>Two dense layers of 1024 (1 054 722 parameters) with a residual block, for the memory bound of an instance.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Dense(1024, Activation.Tanh)]
[Residual]
[Dense(1024, Activation.Tanh)]
[Dense(2)]
public partial class HugeNetwork64
{
}
