namespace OdeKernels.Examples.Networks;

// The experiment of the Flux/Julia lecture notes: four 1 → 1 tanh layers learning the identity on {−10, …, 10}, with
// and without a skip connection; the ResNetVsDense example runs it and a test asserts its outcome.

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
