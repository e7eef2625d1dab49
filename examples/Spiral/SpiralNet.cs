using OdeKernels;

namespace OdeKernels.Examples.Spiral;

/// <summary>The model of Chen et al.'s spiral example: du/dt = W₂ tanh(W₁ u³ + b₁) + b₂, 252 float parameters.</summary>
[Dynamics(StateSize = 2)]
[Pointwise(Activation.Cube)]
[Dense(50, Activation.Tanh)]
[Dense(2)]
public partial class SpiralNet
{
}
