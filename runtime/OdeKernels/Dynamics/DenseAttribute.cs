using System;

namespace OdeKernels;

/// <summary>
/// A fully connected layer of a <see cref="DynamicsAttribute"/> network: z = W·x + b (plus a time column with
/// <see cref="DynamicsAttribute.TimeInput"/>), followed by <see cref="Activation"/>. Parameters follow PyTorch's
/// <c>nn.Linear</c>: the weight is [outputs, inputs] row-major, then the bias [outputs].
/// </summary>
/// <remarks>Thread safety: read by the source generator at compile time; it has no run-time state.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Creates a dense layer.</summary>
    /// <param name="outputs">The number of outputs (the layer's width); must be positive.</param>
    /// <param name="activation">The nonlinearity applied to each output.</param>
    public DenseAttribute(int outputs, Activation activation = Activation.Identity)
    {
        Outputs = outputs;
        Activation = activation;
    }

    /// <summary>The number of outputs.</summary>
    public int Outputs { get; }

    /// <summary>The nonlinearity applied to each output.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a bias vector (default true).</summary>
    public bool Bias { get; set; } = true;
}
