using OdeKernels;

namespace OdeKernels.Tests;

// The [Dynamics(Divergence = true)] networks of the divergence tests: together they use every activation, one to
// three dense layers, pointwise layers first, between and last, time input, both precisions, and a network wide
// enough that double tiles of 8 lanes sum the parameter gradient inside the tile (LayerStackEmitter.ParameterLaneCap).

/// <summary>One dense layer, activated: f = tanh(W y + b).</summary>
[Dynamics(StateSize = 3, Precision = typeof(double), Divergence = true)]
[Dense(3, Activation.Tanh)]
public partial class DivergenceOneLayer64
{
}

/// <summary>Three dense layers with time input.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true, Divergence = true)]
[Dense(8, Activation.Softplus)]
[Dense(6, Activation.Tanh)]
[Dense(2)]
public partial class DivergenceTime64
{
}

/// <summary>The float twin of <see cref="DivergenceTime64"/>.</summary>
[Dynamics(StateSize = 2, TimeInput = true, Divergence = true)]
[Dense(8, Activation.Softplus)]
[Dense(6, Activation.Tanh)]
[Dense(2)]
public partial class DivergenceTime
{
}

/// <summary>A pointwise layer first (the unit directions go through it), between the dense layers and last.</summary>
[Dynamics(StateSize = 3, Precision = typeof(double), Divergence = true)]
[Pointwise(Activation.Sin)]
[Dense(5, Activation.Gelu)]
[Pointwise(Activation.Silu)]
[Dense(3, Activation.Sigmoid)]
[Pointwise(Activation.Sin)]
public partial class DivergencePointwise64
{
}

/// <summary>The float twin of <see cref="DivergencePointwise64"/>.</summary>
[Dynamics(StateSize = 3, Divergence = true)]
[Pointwise(Activation.Sin)]
[Dense(5, Activation.Gelu)]
[Pointwise(Activation.Silu)]
[Dense(3, Activation.Sigmoid)]
[Pointwise(Activation.Sin)]
public partial class DivergencePointwise
{
}

/// <summary>Non-smooth and polynomial activations: ReLU (second derivative 0 off the kink) and the cube.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double), Divergence = true)]
[Dense(6, Activation.Relu)]
[Dense(4, Activation.Cube, Bias = false)]
[Dense(2)]
public partial class DivergenceRelu64
{
}

/// <summary>9794 parameters: 8-lane double tiles sum the parameter gradient within the tile instead of per lane.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true, Divergence = true)]
[Dense(96, Activation.Tanh)]
[Dense(96, Activation.Tanh)]
[Dense(2)]
public partial class DivergenceWide64
{
}
