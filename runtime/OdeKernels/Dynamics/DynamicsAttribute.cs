using System;

namespace OdeKernels;

/// <summary>
/// Declares a neural-network right-hand side f(t, y) built from the <see cref="DenseAttribute"/> and
/// <see cref="PointwiseAttribute"/> layers on the same declaration, applied in source order to the state. The source
/// generator emits a lane-vectorised forward pass and an analytic vector-Jacobian product into the partial class,
/// which then implements <see cref="IBatchedDifferentiableSystem{T}"/> for its <see cref="Precision"/>.
/// </summary>
/// <example>
/// <code>
/// [Dynamics(StateSize = 2)]
/// [Pointwise(Activation.Cube)]
/// [Dense(50, Activation.Tanh)]
/// [Dense(2)]
/// public partial class SpiralNet { }
/// </code>
/// </example>
/// <remarks>
/// The generated class owns its parameters (a constructor taking a seed initialises them like PyTorch's
/// <c>nn.Linear</c>; another copies given values) and scratch buffers sized at construction, so evaluating allocates
/// nothing. An instance is therefore not safe to use from several threads at once.
/// <para>Thread safety: read by the source generator at compile time; it has no run-time state.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DynamicsAttribute : Attribute
{
    /// <summary>The number of state components; the last dense layer must have this many outputs.</summary>
    public int StateSize { get; set; }

    /// <summary>
    /// The channels of the state when it is a feature map (set with <see cref="Height"/> and <see cref="Width"/>; all
    /// three positive). Values are stored channel-major, as one sample of a PyTorch NCHW tensor (see
    /// <see cref="FeatureMapShape"/>); <see cref="StateSize"/> may then be omitted (it is Channels · Height · Width) and, if given, must
    /// equal it. <see cref="Conv2dAttribute"/> and <see cref="GroupNormAttribute"/> layers need a feature map; a
    /// <see cref="DenseAttribute"/> layer after one reads it flattened in that order (PyTorch's <c>flatten(1)</c>).
    /// </summary>
    public int Channels { get; set; }

    /// <summary>The height of each channel of the state when it is a feature map (see <see cref="Channels"/>).</summary>
    public int Height { get; set; }

    /// <summary>The width of each channel of the state when it is a feature map (see <see cref="Channels"/>).</summary>
    public int Width { get; set; }

    /// <summary>The floating-point type of states and parameters: <c>typeof(float)</c> (the default) or <c>typeof(double)</c>.</summary>
    public Type Precision { get; set; } = typeof(float);

    /// <summary>
    /// Whether the time t is an extra input of every dense layer (the "concat" layers of Chen et al., 2018). Its
    /// weight is the last column of each weight row, so a layer's weight matrix is [outputs, inputs + 1]. A
    /// <see cref="Conv2dAttribute"/> layer takes t as an extra constant input channel placed first (Chen et al.'s
    /// <c>ConcatConv2d</c>), so its weight is [out channels, in channels + 1, kernel, kernel].
    /// </summary>
    public bool TimeInput { get; set; }

    /// <summary>
    /// Whether the class also implements <see cref="IDivergenceSystem{T}"/>: f with its exact divergence tr ∂f/∂y in one
    /// forward-mode pass over the layers, Jacobian–vector products, and the vector–Jacobian products of both (for
    /// continuous normalizing flows and Jacobian regularisers). At most 64 state components (the exact divergence costs
    /// one tangent per component); the CUDA backend does not provide it.
    /// </summary>
    public bool Divergence { get; set; }

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
