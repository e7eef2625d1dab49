namespace OdeKernels;

/// <summary>What a <see cref="DynamicsLayer"/> does.</summary>
public enum DynamicsLayerKind
{
    /// <summary>A <see cref="DenseAttribute"/> layer: z = W·x + b, then the activation.</summary>
    Dense = 0,

    /// <summary>A <see cref="PointwiseAttribute"/> layer: the activation of each component.</summary>
    Pointwise = 1,

    /// <summary>
    /// A <see cref="GruAttribute"/> cell: weight_ih [3·Outputs, Inputs] at <see cref="DynamicsLayer.WeightOffset"/>,
    /// then weight_hh [3·Outputs, Outputs]; bias_ih [3·Outputs] at <see cref="DynamicsLayer.BiasOffset"/>, then bias_hh.
    /// </summary>
    Gru = 2,

    /// <summary>A <see cref="RnnAttribute"/> cell: laid out as <see cref="Gru"/> with one gate instead of three.</summary>
    Rnn = 3,
}

/// <summary>
/// One layer of a generated <see cref="DynamicsAttribute"/> network and where its parameters lie, as the generated
/// <c>Layers</c> property describes it (for tests, checkpoints and reporting).
/// </summary>
/// <param name="Kind">Dense, pointwise or a recurrent cell.</param>
/// <param name="Inputs">The number of inputs, not counting the time column (a cell's input size, without the hidden state).</param>
/// <param name="Outputs">The number of outputs (a cell's hidden size).</param>
/// <param name="Activation">The nonlinearity.</param>
/// <param name="Bias">Whether a dense layer has a bias (false for pointwise layers).</param>
/// <param name="TimeInput">Whether a dense layer takes t as an extra, last input column (false for pointwise layers).</param>
/// <param name="WeightOffset">The index of the first weight in the parameters, or −1 for a pointwise layer.</param>
/// <param name="BiasOffset">The index of the first bias value in the parameters, or −1 when there is none.</param>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed record DynamicsLayer(
    DynamicsLayerKind Kind,
    int Inputs,
    int Outputs,
    Activation Activation,
    bool Bias,
    bool TimeInput,
    int WeightOffset,
    int BiasOffset)
{
    /// <summary>The number of columns of the weight matrix: <see cref="Inputs"/>, plus one with <see cref="TimeInput"/>.</summary>
    public int WeightColumns => Inputs + (TimeInput ? 1 : 0);

    /// <summary>The gates of a recurrent cell (3 for a GRU, 1 for a plain RNN), 0 for other layers.</summary>
    public int Gates => Kind switch
    {
        DynamicsLayerKind.Gru => 3,
        DynamicsLayerKind.Rnn => 1,
        _ => 0,
    };

    /// <summary>The number of parameters of the layer (weights and biases).</summary>
    public int ParameterCount => Kind switch
    {
        DynamicsLayerKind.Dense => (Outputs * WeightColumns) + (Bias ? Outputs : 0),
        DynamicsLayerKind.Gru or DynamicsLayerKind.Rnn => (Gates * Outputs * (Inputs + Outputs)) + (Bias ? 2 * Gates * Outputs : 0),
        _ => 0,
    };
}
