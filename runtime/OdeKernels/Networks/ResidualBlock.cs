namespace OdeKernels;

/// <summary>A residual block of a generated <see cref="NetworkAttribute"/> network: y + g(y), g = the layers it spans.</summary>
/// <param name="FirstLayer">The 0-based index of g's first layer in the network's <c>Layers</c>.</param>
/// <param name="LayerCount">The number of layers of g.</param>
/// <param name="Width">The width of y (g's inputs and outputs).</param>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed record ResidualBlock(int FirstLayer, int LayerCount, int Width);
