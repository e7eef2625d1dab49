namespace OdeKernels.Examples.Networks;

/// <summary>
/// The flows' dynamics: f(t, z) with two hidden layers of 32 tanh units and time as an extra input of every layer (the
/// "concat" layers of Chen et al. 2018, as FFJORD's toy experiments use them), in float64, with the generated exact
/// divergence and Jacobian–vector products (<c>Divergence = true</c>). The Flows example trains it, the benchmark report
/// times it against bench/peers/cnf_torchdiffeq.py, which builds the same network in PyTorch.
/// </summary>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true, Divergence = true)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(2)]
public partial class FlowNet
{
}
