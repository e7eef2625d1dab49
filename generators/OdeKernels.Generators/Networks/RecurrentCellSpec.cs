using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Networks;

/// <summary>
/// A validated <c>[Gru]</c> or <c>[Rnn]</c> cell, the only layer of its <c>[Network]</c>: PyTorch's <c>nn.GRUCell</c> /
/// <c>nn.RNNCell</c> with input size <see cref="Inputs"/> and hidden size <see cref="Hidden"/>. Parameters, in
/// order: weight_ih [G·H, I], weight_hh [G·H, H], bias_ih [G·H], bias_hh [G·H] (G = <see cref="Gates"/>).
/// </summary>
/// <param name="IsGru">A GRU (gates r, z, n) rather than a plain RNN cell.</param>
/// <param name="Inputs">The input size I (without the hidden state).</param>
/// <param name="Hidden">The hidden size H.</param>
/// <param name="Activation">A plain cell's nonlinearity (a GRU's are fixed: σ for r and z, tanh for n).</param>
/// <param name="Bias">Whether the cell has bias_ih and bias_hh.</param>
internal sealed record RecurrentCellSpec(bool IsGru, int Inputs, int Hidden, ActivationKind Activation, bool Bias)
{
    /// <summary>Three gates for a GRU, one for a plain cell.</summary>
    public int Gates => IsGru ? 3 : 1;

    /// <summary>The rows of each weight and each bias: G·H.</summary>
    public int GateRows => Gates * Hidden;

    public int ParameterCount => (GateRows * (Inputs + Hidden)) + (Bias ? 2 * GateRows : 0);

    /// <summary>The attribute's name, for messages and comments.</summary>
    public string Name => IsGru ? "Gru" : "Rnn";

    /// <summary>
    /// The cell's two matrix products as identity dense layers over the rows of [x ; h]: weight_ih·x + bias_ih and
    /// weight_hh·h + bias_hh, each of G·H outputs. Their dense kernels (forward, parameter gradient per lane or summed,
    /// input gradient) are the ones every <c>[Dense]</c> layer runs, so the cell adds only its gate arithmetic.
    /// </summary>
    public EquatableArray<LayerSpec> Products
    {
        get
        {
            int biasIh = GateRows * (Inputs + Hidden);
            return new[]
            {
                new LayerSpec(true, Inputs, GateRows, ActivationKind.Identity, Bias, false, 0, Bias ? biasIh : -1),
                new LayerSpec(true, Hidden, GateRows, ActivationKind.Identity, Bias, false, GateRows * Inputs, Bias ? biasIh + GateRows : -1),
            }.ToEquatableArray();
        }
    }
}
