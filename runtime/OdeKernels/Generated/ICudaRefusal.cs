using System.ComponentModel;

namespace OdeKernels.Generated;

/// <summary>
/// A right-hand side that the CUDA backend cannot run: implemented by the source generator for a
/// <see cref="DynamicsAttribute"/> network with layers that have no CUDA emitter yet (convolutions, group
/// normalisation, pooling), so that <see cref="Backend.Cuda"/> refuses it naming the layer, and <see cref="Backend.Auto"/>
/// solves it on the CPU. Infrastructure for generated code; not for direct use.
/// </summary>
/// <remarks>Thread safety: the reason is a constant of the generated type.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICudaRefusal
{
    /// <summary>The first layer the CUDA backend cannot compile, as a phrase: <c>layer 1 (Conv2d 1×28×28 -> 8×28×28)</c>.</summary>
    string CudaRefusal { get; }
}
