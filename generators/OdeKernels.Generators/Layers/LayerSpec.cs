namespace OdeKernels.Generators.Layers;

/// <summary>The generator's copy of <c>OdeKernels.Activation</c> (same names, same values).</summary>
internal enum ActivationKind
{
    Identity = 0,
    Tanh = 1,
    Relu = 2,
    Softplus = 3,
    Sigmoid = 4,
    Silu = 5,
    Gelu = 6,
    Sin = 7,
    Cube = 8,
}

/// <summary>
/// One validated layer of a <c>[Dynamics]</c> or <c>[Network]</c> stack. <see cref="Inputs"/> excludes the time column; offsets index the
/// parameter array (−1 where there is nothing). A convolution or group normalisation is neither dense nor pointwise:
/// it has a <see cref="Spatial"/> part (its widths are its feature maps' sizes).
/// </summary>
internal sealed record LayerSpec(
    bool IsDense,
    int Inputs,
    int Outputs,
    ActivationKind Activation,
    bool Bias,
    bool TimeInput,
    int WeightOffset,
    int BiasOffset)
{
    /// <summary>The feature-map part of a convolution or group normalisation; null for dense and pointwise layers.</summary>
    public SpatialSpec? Spatial { get; init; }

    /// <summary>
    /// Whether the layer's product-sums are fused multiply-adds (the declaration's <c>FusedMultiplyAdd = true</c>, the
    /// same on every layer of it); see <see cref="ProductSum"/>. Not a constructor parameter: those mirror
    /// <c>DynamicsLayer</c>'s, and the runtime's description of a layer does not depend on how it is rounded.
    /// </summary>
    public bool FusedMultiplyAdd { get; init; }

    /// <summary>Whether the layer only applies its activation to its input (in place, with no parameters).</summary>
    public bool IsPointwise => !IsDense && Spatial is null;

    /// <summary>
    /// Whether the layer computes new values into rows of its own (a dense layer, a convolution, a group
    /// normalisation) and its reverse pass moves the gradient into the other gradient buffer.
    /// </summary>
    public bool IsMap => !IsPointwise;

    /// <summary>Columns of one weight row: the inputs, then t with time input; a convolution's (in channels (+ 1)) · kernel².</summary>
    public int Columns => Spatial is { Kind: SpatialKind.Conv2d } conv
        ? (conv.In.Channels + (TimeInput ? 1 : 0)) * conv.Kernel * conv.Kernel
        : Inputs + (TimeInput ? 1 : 0);

    public int ParameterCount => Spatial switch
    {
        { Kind: SpatialKind.Conv2d } conv => (conv.Out.Channels * Columns) + (Bias ? conv.Out.Channels : 0),
        { Kind: SpatialKind.GroupNorm } norm => 2 * norm.In.Channels,
        _ => IsDense ? (Outputs * Columns) + (Bias ? Outputs : 0) : 0,
    };
}
