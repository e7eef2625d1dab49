using System;

namespace OdeKernels;

/// <summary>An elementwise layer of a <see cref="DynamicsAttribute"/> network: applies an activation to each component, with no parameters.</summary>
/// <remarks>Thread safety: read by the source generator at compile time; it has no run-time state.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PointwiseAttribute : Attribute
{
    /// <summary>Creates an elementwise layer.</summary>
    /// <param name="activation">The function applied to each component.</param>
    public PointwiseAttribute(Activation activation) => Activation = activation;

    /// <summary>The function applied to each component.</summary>
    public Activation Activation { get; }
}
