namespace OdeKernels.Examples.ResNetVsDense;

/// <summary>Four 1 → 1 tanh layers and an identity output layer: the plain chain.</summary>
[Network(Inputs = 1)]
[Dense(1, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
[Dense(1)]
public partial class DenseChain
{
}

/// <summary>The same chain with the four tanh layers in a skip connection: y = W(x + g(x)) + b.</summary>
[Network(Inputs = 1)]
[Residual(Layers = 4)]
[Dense(1, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
[Dense(1)]
public partial class SkipChain
{
}

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
