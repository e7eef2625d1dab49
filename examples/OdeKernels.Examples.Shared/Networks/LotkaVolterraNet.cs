using OdeKernels;

// Declared here, beside SpiralNet, because the Lotka-Volterra example trains it and the GPU verification kit
// (bench/gpu) compares its CUDA kernels with the CPU's. It keeps the example's namespace, so the example's files and
// its checkpoints' model name are unchanged by the move.
namespace OdeKernels.Examples.LotkaVolterra;

/// <summary>The learned right-hand side: two tanh layers of 32, then the 2 derivatives (1,186 float parameters).</summary>
[Dynamics(StateSize = 2)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(2)]
public partial class LotkaVolterraNet
{
}

/// <summary><see cref="LotkaVolterraNet"/> in double, for the CPU-against-CUDA comparison in double.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double))]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(2)]
public partial class LotkaVolterraNet64
{
}
