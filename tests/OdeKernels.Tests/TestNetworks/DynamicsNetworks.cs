using OdeKernels;

namespace OdeKernels.Tests;

// The [Dynamics] vector fields of the runtime tests. All test networks live in this folder, in the namespace
// OdeKernels.Tests so that every test folder sees them; the spiral models (SpiralNet, SpiralNet64) are the examples'
// (examples/OdeKernels.Examples.Shared/Networks), and the activation probes stay beside the activation tests.

/// <summary>Time as an extra input of every dense layer, three layers deep.</summary>
[Dynamics(StateSize = 3, Precision = typeof(double), TimeInput = true)]
[Dense(7, Activation.Softplus)]
[Dense(5, Activation.Tanh)]
[Dense(3)]
public partial class TimeNet64
{
}

/// <summary>Time input in float.</summary>
[Dynamics(StateSize = 3, TimeInput = true)]
[Dense(7, Activation.Softplus)]
[Dense(5, Activation.Tanh)]
[Dense(3)]
public partial class TimeNet
{
}

/// <summary>No biases anywhere.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double))]
[Dense(6, Activation.Sigmoid, Bias = false)]
[Dense(2, Bias = false)]
public partial class NoBiasNet64
{
}

/// <summary>A pointwise layer between dense layers and after the last one.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double))]
[Dense(4)]
[Pointwise(Activation.Silu)]
[Dense(2, Activation.Tanh)]
[Pointwise(Activation.Sin)]
public partial class PointwiseNet64
{
}

/// <summary>Tiny networks, one per activation: 1 → 3 → 1, the activation on the hidden layer.</summary>
[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(3, Activation.Tanh)]
[Dense(1)]
public partial class TanhNet64
{
}

/// <summary>See <see cref="TanhNet64"/>.</summary>
[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(3, Activation.Relu)]
[Dense(1)]
public partial class ReluNet64
{
}

/// <summary>See <see cref="TanhNet64"/>.</summary>
[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(3, Activation.Softplus)]
[Dense(1)]
public partial class SoftplusNet64
{
}

/// <summary>See <see cref="TanhNet64"/>.</summary>
[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(3, Activation.Sigmoid)]
[Dense(1)]
public partial class SigmoidNet64
{
}

/// <summary>See <see cref="TanhNet64"/>.</summary>
[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(3, Activation.Silu)]
[Dense(1)]
public partial class SiluNet64
{
}

/// <summary>See <see cref="TanhNet64"/>.</summary>
[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(3, Activation.Gelu)]
[Dense(1)]
public partial class GeluNet64
{
}

/// <summary>See <see cref="TanhNet64"/>.</summary>
[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(3, Activation.Sin)]
[Dense(1)]
public partial class SinNet64
{
}

/// <summary>See <see cref="TanhNet64"/>.</summary>
[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(3, Activation.Cube)]
[Dense(1)]
public partial class CubeNet64
{
}

/// <summary>See <see cref="TanhNet64"/>.</summary>
[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(3)]
[Dense(1)]
public partial class IdentityNet64
{
}

/// <summary>Every activation in one float network, for float-versus-reference and lane tests.</summary>
[Dynamics(StateSize = 2)]
[Dense(9, Activation.Gelu)]
[Pointwise(Activation.Sin)]
[Dense(8, Activation.Silu)]
[Pointwise(Activation.Softplus)]
[Dense(7, Activation.Relu)]
[Pointwise(Activation.Sigmoid)]
[Dense(6, Activation.Cube)]
[Pointwise(Activation.Tanh)]
[Dense(2)]
public partial class MixedNet
{
}

/// <summary><see cref="MixedNet"/> in double.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double))]
[Dense(9, Activation.Gelu)]
[Pointwise(Activation.Sin)]
[Dense(8, Activation.Silu)]
[Pointwise(Activation.Softplus)]
[Dense(7, Activation.Relu)]
[Pointwise(Activation.Sigmoid)]
[Dense(6, Activation.Cube)]
[Pointwise(Activation.Tanh)]
[Dense(2)]
public partial class MixedNet64
{
}

/// <summary>
/// Every shape of the blocked dense sums: 20 outputs (two blocks of eight in a loop, then four
/// together), and a hidden layer of 12 tanh units reading 20 inputs fused with a 3-output layer (its units summed six at
/// a time, two blocks), with time input throughout.
/// </summary>
[Dynamics(StateSize = 3, Precision = typeof(double), TimeInput = true)]
[Dense(20, Activation.Softplus)]
[Dense(12, Activation.Tanh)]
[Dense(3)]
public partial class BlockNet64
{
}

/// <summary><see cref="BlockNet64"/> in float.</summary>
[Dynamics(StateSize = 3, TimeInput = true)]
[Dense(20, Activation.Softplus)]
[Dense(12, Activation.Tanh)]
[Dense(3)]
public partial class BlockNet
{
}

/// <summary>Linear layers with time input, for a hand-computed check of the parameter layout.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true)]
[Dense(3)]
[Dense(2)]
public partial class LayoutNet64
{
}

/// <summary>
/// Wide enough (38 790 parameters) that even two double lanes exceed the cap on per-lane parameter gradients, so
/// every vector width adds each tile's lane sums straight into dtheta; time input covers the time column there too.
/// </summary>
[Dynamics(StateSize = 3, Precision = typeof(double), TimeInput = true)]
[Dense(192, Activation.Tanh)]
[Dense(192, Activation.Softplus)]
[Dense(3)]
public partial class WideNet64
{
}

/// <summary>Two dense layers of 1024 (1 054 722 parameters), for the memory bound of an instance.</summary>
[Dynamics(StateSize = 2)]
[Dense(1024, Activation.Tanh)]
[Dense(1024, Activation.Tanh)]
[Dense(2)]
public partial class HugeNet
{
}
