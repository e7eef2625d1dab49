namespace OdeKernels;

/// <summary>
/// The elementwise nonlinearities of <see cref="DenseAttribute"/> and <see cref="PointwiseAttribute"/> layers. The
/// numeric values are part of the contract (the generator reads them from attribute constants).
/// </summary>
public enum Activation
{
    /// <summary>x ↦ x (no nonlinearity).</summary>
    Identity = 0,

    /// <summary>x ↦ tanh x, computed as sign(x)·(1 − e)/(1 + e) with e = exp(−2|x|), which cannot overflow.</summary>
    Tanh = 1,

    /// <summary>x ↦ max(x, 0); its derivative is taken as 0 at x = 0.</summary>
    Relu = 2,

    /// <summary>x ↦ log(1 + eˣ), computed as max(x, 0) + log(1 + exp(−|x|)), which cannot overflow.</summary>
    Softplus = 3,

    /// <summary>x ↦ 1 / (1 + e⁻ˣ).</summary>
    Sigmoid = 4,

    /// <summary>x ↦ x·sigmoid(x) (also called swish).</summary>
    Silu = 5,

    /// <summary>x ↦ ½x(1 + tanh(√(2/π)(x + 0.044715x³))), the tanh form of the Gaussian error linear unit.</summary>
    Gelu = 6,

    /// <summary>x ↦ sin x.</summary>
    Sin = 7,

    /// <summary>x ↦ x³.</summary>
    Cube = 8,
}
