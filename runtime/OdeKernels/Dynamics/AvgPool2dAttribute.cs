using System;

namespace OdeKernels;

/// <summary>
/// Average pooling of a feature map, PyTorch's <c>nn.AvgPool2d(kernel, stride)</c> without padding: each output value is
/// the mean of a <see cref="Kernel"/> × <see cref="Kernel"/> window of its channel, windows <see cref="Stride"/>
/// apart. No parameters.
/// </summary>
/// <remarks>Thread safety: read by the source generator at compile time; it has no run-time state.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2dAttribute : Attribute
{
    /// <summary>Creates an average-pooling layer.</summary>
    /// <param name="kernel">The side of the square window (positive).</param>
    /// <param name="stride">The step between windows (positive); 0, the default, means <paramref name="kernel"/>, as PyTorch's <c>stride=None</c>.</param>
    public AvgPool2dAttribute(int kernel, int stride = 0)
    {
        Kernel = kernel;
        Stride = stride;
    }

    /// <summary>The side of the square window.</summary>
    public int Kernel { get; }

    /// <summary>The step between windows; 0 for <see cref="Kernel"/>.</summary>
    public int Stride { get; }
}
