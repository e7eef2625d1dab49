using System;

namespace OdeKernels;

/// <summary>
/// Declares a discrete feed-forward network x ↦ y built from the <see cref="DenseAttribute"/>,
/// <see cref="PointwiseAttribute"/> and <see cref="ResidualAttribute"/> attributes on the same declaration, applied in
/// source order to the input, or one recurrent cell (<see cref="GruAttribute"/>, <see cref="RnnAttribute"/>), whose
/// network maps [x ; h] to h'. The source generator emits a lane-vectorised forward pass and an analytic
/// vector-Jacobian product (with respect to the input and the parameters) into the partial class, which then
/// implements <see cref="INetwork{T}"/> for its <see cref="Precision"/>. Parameters follow the conventions of
/// <see cref="DynamicsAttribute"/> networks: PyTorch's <c>nn.Linear</c> layout and initialisation.
/// </summary>
/// <example>
/// <code>
/// [Network(Inputs = 2)]
/// [Dense(16, Activation.Tanh)]
/// [Residual(Layers = 2)]          // y + g(y), g = the next two layer attributes
/// [Dense(16, Activation.Tanh)]
/// [Dense(16)]
/// [Dense(2)]
/// public partial class Classifier { }
/// </code>
/// </example>
/// <remarks>
/// The generated class owns its parameters and a scratch tile sized at construction, so evaluating allocates nothing;
/// an instance is therefore not safe to use from several threads at once.
/// <para>Thread safety: read by the source generator at compile time; it has no run-time state.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The number of inputs of the first layer (positive); for a recurrent cell, its input size I (without h).</summary>
    public int Inputs { get; set; }

    /// <summary>
    /// The channels of the input when it is a feature map (set with <see cref="Height"/> and <see cref="Width"/>; all
    /// three positive). Values are stored channel-major, as one sample of a PyTorch NCHW tensor (see
    /// <see cref="FeatureMapShape"/>); <see cref="Inputs"/> may then be omitted (it is Channels · Height · Width) and, if given, must
    /// equal it. <see cref="Conv2dAttribute"/> and <see cref="GroupNormAttribute"/> layers need a feature map; a
    /// <see cref="DenseAttribute"/> layer after one reads it flattened in that order (PyTorch's <c>flatten(1)</c>).
    /// </summary>
    public int Channels { get; set; }

    /// <summary>The height of each channel of the input when it is a feature map (see <see cref="Channels"/>).</summary>
    public int Height { get; set; }

    /// <summary>The width of each channel of the input when it is a feature map (see <see cref="Channels"/>).</summary>
    public int Width { get; set; }

    /// <summary>The floating-point type of inputs and parameters: <c>typeof(float)</c> (the default) or <c>typeof(double)</c>.</summary>
    public Type Precision { get; set; } = typeof(float);

    /// <summary>
    /// Whether the generated CPU kernels and the CUDA device code compute every product-sum of the dense layers
    /// (z = b + Σⱼ Wᵢⱼ xⱼ, the input and parameter gradients of the VJP) with fused multiply-adds, each term rounded
    /// once instead of twice (<c>Vector256.FusedMultiplyAdd</c> on the CPU, <c>fma()</c> on the device). Off by
    /// default: then every product and every sum is rounded on its own, as the project's "same arithmetic on CPU and
    /// CUDA, no FMA" guarantee promises. On, results differ from the default's in the last bits (they agree to
    /// rounding), but are still independent of a lane's position in the batch and of the thread count, and CPU and
    /// CUDA still do the same operations in the same order. Worth it where the hardware has FMA (x86 since Haswell,
    /// every ARM64): fewer instructions per product-sum. Without hardware FMA the fused operation is emulated and slow.
    /// The same concept as <c>SolverOptions.FusedMultiplyAdd</c> for the solver's own arithmetic.
    /// </summary>
    public bool FusedMultiplyAdd { get; set; }
}
