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
/// parameter array (−1 where there is nothing).
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
    /// <summary>Columns of one weight row: the inputs, then t with time input.</summary>
    public int Columns => Inputs + (TimeInput ? 1 : 0);

    public int ParameterCount => IsDense ? (Outputs * Columns) + (Bias ? Outputs : 0) : 0;
}
