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

    /// <summary>
    /// A <see cref="Conv2dAttribute"/> layer: weight [out channels, in channels (+ 1 with time input, t first), kernel,
    /// kernel] at <see cref="DynamicsLayer.WeightOffset"/>, bias [out channels] at <see cref="DynamicsLayer.BiasOffset"/>;
    /// the shapes are <see cref="DynamicsLayer.InputShape"/> and <see cref="DynamicsLayer.OutputShape"/>.
    /// </summary>
    Conv2d = 4,

    /// <summary>
    /// A <see cref="GroupNormAttribute"/> layer: weight γ [channels] at <see cref="DynamicsLayer.WeightOffset"/>, bias β
    /// [channels] at <see cref="DynamicsLayer.BiasOffset"/>, over <see cref="DynamicsLayer.Groups"/> groups.
    /// </summary>
    GroupNorm = 5,

    /// <summary>
    /// An <see cref="AvgPool2dAttribute"/> layer: no parameters; <see cref="DynamicsLayer.Kernel"/> and
    /// <see cref="DynamicsLayer.Stride"/> give the windows.
    /// </summary>
    AvgPool2d = 6,

    /// <summary>A <see cref="GlobalAvgPool2dAttribute"/> layer: no parameters; the output is channels × 1 × 1.</summary>
    GlobalAvgPool2d = 7,
}

/// <summary>
/// One layer of a generated <see cref="DynamicsAttribute"/> network and where its parameters lie, as the generated
/// <c>Layers</c> property describes it (for tests, checkpoints and reporting).
/// </summary>
/// <param name="Kind">Dense, pointwise, a recurrent cell, a convolution or a group normalisation.</param>
/// <param name="Inputs">
/// The number of inputs, not counting the time column (a cell's input size, without the hidden state; a feature map's
/// C·H·W values).
/// </param>
/// <param name="Outputs">The number of outputs (a cell's hidden size; a feature map's C·H·W values).</param>
/// <param name="Activation">The nonlinearity.</param>
/// <param name="Bias">Whether a dense or convolution layer has a bias (false for pointwise layers).</param>
/// <param name="TimeInput">
/// Whether a dense layer takes t as an extra, last input column, or a convolution as an extra, first input channel
/// (false for pointwise layers).
/// </param>
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
    /// <summary>
    /// The shape of the layer's input feature map, for a convolution, group norm or pooling layer; null for the others.
    /// </summary>
    public FeatureMapShape? InputShape { get; init; }

    /// <summary>The shape of the layer's output feature map, for a convolution, group norm or pooling layer; null for the others.</summary>
    public FeatureMapShape? OutputShape { get; init; }

    /// <summary>The side of a convolution's square kernel or of an average pooling's window; 0 for other layers.</summary>
    public int Kernel { get; init; }

    /// <summary>A convolution's or average pooling's stride; 0 for other layers.</summary>
    public int Stride { get; init; }

    /// <summary>A convolution's zero padding on every side; 0 for other layers.</summary>
    public int Padding { get; init; }

    /// <summary>A group normalisation's number of groups; 0 for other layers.</summary>
    public int Groups { get; init; }

    /// <summary>
    /// The number of columns of the weight matrix: <see cref="Inputs"/>, plus one with <see cref="TimeInput"/>; for a
    /// convolution, the weights of one output channel: (in channels, plus one with <see cref="TimeInput"/>) · kernel².
    /// </summary>
    public int WeightColumns => Kind == DynamicsLayerKind.Conv2d
        ? ((InputShape?.Channels ?? 0) + (TimeInput ? 1 : 0)) * Kernel * Kernel
        : Inputs + (TimeInput ? 1 : 0);

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
        DynamicsLayerKind.Conv2d => ((OutputShape?.Channels ?? 0) * WeightColumns) + (Bias ? (OutputShape?.Channels ?? 0) : 0),
        DynamicsLayerKind.GroupNorm => 2 * (InputShape?.Channels ?? 0),
        _ => 0,
    };
}
