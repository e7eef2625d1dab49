using System;

namespace OdeKernels;

/// <summary>
/// Makes a <see cref="NetworkAttribute"/> network one gated recurrent unit cell (Cho et al., 2014), computed and laid
/// out as PyTorch's <c>nn.GRUCell</c>: with gates in the order r, z, n,
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
/// </summary>
/// <remarks>
/// <para>
/// The cell is the only layer of its network. <see cref="NetworkAttribute.Inputs"/> is the cell's input size I (PyTorch's
/// <c>input_size</c>); the generated <see cref="INetwork{T}"/> takes one sample as the input x followed by the hidden
/// state h (<c>Inputs</c> = I + <see cref="Hidden"/>) and returns h' (<c>Outputs</c> = <see cref="Hidden"/>), so the
/// batched <c>Forward</c> and <c>Vjp</c> of every network serve a cell too: one lane is one series, and the Vjp's
/// input cotangent is dx followed by dh, what backpropagation through time passes to the previous step.
/// </para>
/// <para>
/// Parameters, in order: weight_ih [3H, I], weight_hh [3H, H], bias_ih [3H], bias_hh [3H], each row-major, as
/// <c>nn.GRUCell</c>'s state dict (checkpoint tensors <c>0.weight_ih</c> … <c>0.bias_hh</c>). The seeded constructor
/// draws all of them uniform in ±1/√H, PyTorch's initialisation. The CUDA backend does not run cells.
/// </para>
/// <para>Thread safety: read by the source generator at compile time; it has no run-time state.</para>
/// </remarks>
/// <example>
/// <code>
/// [Network(Inputs = 3)]   // x of 3 values; the network's input is [x ; h], 3 + 16 values
/// [Gru(16)]
/// public partial class Encoder { }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GruAttribute : Attribute
{
    /// <summary>Creates a GRU cell.</summary>
    /// <param name="hidden">The hidden size H (PyTorch's <c>hidden_size</c>); must be positive.</param>
    public GruAttribute(int hidden)
    {
        Hidden = hidden;
    }

    /// <summary>The hidden size H.</summary>
    public int Hidden { get; }

    /// <summary>Whether the cell has the biases bias_ih and bias_hh (default true, as PyTorch's <c>bias=True</c>).</summary>
    public bool Bias { get; set; } = true;
}
