using System;

namespace OdeKernels;

/// <summary>
/// Makes a <see cref="NetworkAttribute"/> network one plain (Elman) recurrent cell, computed and laid out as PyTorch's
/// <c>nn.RNNCell</c>: h' = act(W_ih x + b_ih + W_hh h + b_hh).
/// </summary>
/// <remarks>
/// <para>
/// As with <see cref="GruAttribute"/>, the cell is the only layer of its network, <see cref="NetworkAttribute.Inputs"/>
/// is the input size I, one sample of the generated <see cref="INetwork{T}"/> is x followed by h (I + H values) and the
/// output is h' (H values). Parameters, in order: weight_ih [H, I], weight_hh [H, H], bias_ih [H], bias_hh [H]
/// (checkpoint tensors <c>0.weight_ih</c> … <c>0.bias_hh</c>), drawn uniform in ±1/√H by the seeded constructor.
/// PyTorch offers tanh and ReLU; any <see cref="OdeKernels.Activation"/> is accepted here. The CUDA backend does not run
/// cells.
/// </para>
/// <para>Thread safety: read by the source generator at compile time; it has no run-time state.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RnnAttribute : Attribute
{
    /// <summary>Creates a plain recurrent cell.</summary>
    /// <param name="hidden">The hidden size H; must be positive.</param>
    /// <param name="activation">The nonlinearity (PyTorch's <c>nonlinearity</c>, tanh by default).</param>
    public RnnAttribute(int hidden, Activation activation = Activation.Tanh)
    {
        Hidden = hidden;
        Activation = activation;
    }

    /// <summary>The hidden size H.</summary>
    public int Hidden { get; }

    /// <summary>The nonlinearity.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the cell has the biases bias_ih and bias_hh (default true).</summary>
    public bool Bias { get; set; } = true;
}
