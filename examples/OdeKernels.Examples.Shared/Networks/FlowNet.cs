namespace OdeKernels.Examples.Networks;

/// <summary>
/// The flows' dynamics: f(t, z) with two hidden layers of 32 tanh units and time as an extra input of every layer (the
/// "concat" layers of Chen et al. 2018, as FFJORD's toy experiments use them), in float64, with the generated exact
/// divergence and Jacobian–vector products (<c>Divergence = true</c>). The Flows example trains it, the benchmark report
/// times it against bench/peers/cnf_torchdiffeq.py, which builds the same network in PyTorch.
/// <para>
/// Its dense layers' product-sums are fused multiply-adds (<c>FusedMultiplyAdd = true</c>): measured on AVX2 (AMD EPYC,
/// 2 cores) the divergence-and-VJP pass that every backward stage of the continuous adjoint runs took 6–9% less time
/// than with separate multiplies and adds (three runs; the forward pass within the noise). Results differ from the unfused network's in the last bits (see the README's
/// Guarantees); the figures of the Flows example's README section were trained before the switch.
/// </para>
/// </summary>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true, Divergence = true, FusedMultiplyAdd = true)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(2)]
public partial class FlowNet
{
}
