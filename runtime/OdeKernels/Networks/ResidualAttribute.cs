using System;

namespace OdeKernels;

/// <summary>
/// Opens a residual block (a skip connection) of a <see cref="NetworkAttribute"/> network: the next
/// <see cref="Layers"/> layer attributes (<see cref="DenseAttribute"/> or <see cref="PointwiseAttribute"/>), in source
/// order, form g, and the block computes y + g(y). The block is exactly what its position says: it starts at the
/// first layer attribute after it and spans <see cref="Layers"/> of them, so its extent reads off the attribute list.
/// Blocks do not nest or overlap, and g must return as many values as it takes.
/// </summary>
/// <example>
/// <code>
/// [Residual(Layers = 2)]   // y + W₂·tanh(W₁·y + b₁) + b₂
/// [Dense(16, Activation.Tanh)]
/// [Dense(16)]
/// </code>
/// </example>
/// <remarks>
/// A residual block with one dense layer and shared weights is one explicit Euler step of step size 1 of the
/// <see cref="DynamicsAttribute"/> network with the same layers (He et al., 2016; E, 2017; Chen et al., 2018).
/// <para>Thread safety: read by the source generator at compile time; it has no run-time state.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ResidualAttribute : Attribute
{
    /// <summary>The number of layer attributes after this one that form the block (default 1).</summary>
    public int Layers { get; set; } = 1;
}
