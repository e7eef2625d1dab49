using System;

namespace OdeKernels;

/// <summary>
/// Global average pooling, PyTorch's <c>nn.AdaptiveAvgPool2d(1)</c>: a C×H×W feature map becomes C×1×1, the mean of
/// each channel (the head of Chen et al.'s ODE-Net and of a ResNet, before the dense classifier). No parameters.
/// </summary>
/// <remarks>Thread safety: read by the source generator at compile time; it has no run-time state.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAvgPool2dAttribute : Attribute
{
}
