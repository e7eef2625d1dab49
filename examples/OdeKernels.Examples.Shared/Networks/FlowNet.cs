namespace OdeKernels.Examples.Networks;

/// <summary>
/// The flows' dynamics: f(t, z) with two hidden layers of 32 tanh units and time as an extra input of every layer (the
/// "concat" layers of Chen et al. 2018, as FFJORD's toy experiments use them), in float64, with the generated exact
/// divergence and Jacobian–vector products (<c>Divergence = true</c>) and every product-sum a fused multiply-add
/// (<c>FusedMultiplyAdd = true</c>: its passes 8–16% faster on AVX2, each result within rounding of the unfused one).
/// The Flows example trains it, the benchmark report times it against bench/peers/cnf_torchdiffeq.py, which builds the
/// same network in PyTorch.
/// </summary>
/// <remarks>
/// Lanes per block (<see cref="ILaneBlockSize"/>): 64. A FlowNet lane costs about 7·10³ flops an evaluation with its
/// divergence and 2·10⁴ with their VJP, about a microsecond, so a flow's training batch of 256 points is a few hundred
/// microseconds of work per evaluation: in the default block of 256 it ran on one thread. Blocks of 64 (16 vectors of
/// four doubles, 8 of eight) let 4 cores work on it while the per-call work of a block (clearing and summing the
/// per-lane parameter gradients, 1,284 × the vector width) stays a few percent. A constant of the type, so the
/// results are the same bits on every thread count.
/// </remarks>
[Dynamics(StateSize = 2, Precision = typeof(double), TimeInput = true, Divergence = true, FusedMultiplyAdd = true)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(2)]
public partial class FlowNet : ILaneBlockSize
{
    /// <inheritdoc/>
    public int LanesPerBlock => 64;
}
