namespace OdeKernels.Examples.ResNetVsDense;

// The discrete chains (DenseChain, SkipChain) are declared in examples/OdeKernels.Examples.Shared/Networks, since a
// test asserts the experiment's outcome with them; the neural-ODE variant is this example's own.

/// <summary>The four tanh layers as a vector field dy/dt = g(y): one set of weights shared by every step.</summary>
[Dynamics(StateSize = 1)]
[Dense(1, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
public partial class TanhField
{
}

/// <summary>The identity output layer after the ODE block.</summary>
[Network(Inputs = 1)]
[Dense(1)]
public partial class OutputLayer
{
}
