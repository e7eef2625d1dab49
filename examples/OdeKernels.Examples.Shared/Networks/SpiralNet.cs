namespace OdeKernels.Examples.Networks;

// The model of Chen et al.'s spiral example (2018), x³ → Dense(50, tanh) → Dense(2): what the spiral example trains,
// the benchmarks time at H = 50 (the width of the C++ reference loop) and the tests exercise.

/// <summary>The spiral model: du/dt = W₂ tanh(W₁ u³ + b₁) + b₂, 252 float parameters.</summary>
[Dynamics(StateSize = 2)]
[Pointwise(Activation.Cube)]
[Dense(50, Activation.Tanh)]
[Dense(2)]
public partial class SpiralNet
{
}

/// <summary><see cref="SpiralNet"/> in double, for accuracy tests, the precision comparison and tight tolerances.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double))]
[Pointwise(Activation.Cube)]
[Dense(50, Activation.Tanh)]
[Dense(2)]
public partial class SpiralNet64
{
}
