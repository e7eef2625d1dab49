using System.ComponentModel;

namespace OdeKernels.Generated;

/// <summary>
/// A right-hand side with CUDA C device code: implemented by the source generator for every
/// <see cref="DynamicsAttribute"/> network, so that <see cref="Backend.Cuda"/> can solve it on a GPU.
/// Infrastructure for generated code; not for direct use.
/// </summary>
/// <remarks>Thread safety: the device code is a constant of the generated type; the CUDA backend serialises the
/// launches of concurrent solves on its one device context.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICudaDynamics
{
    /// <summary>
    /// The network's CUDA C device code: <c>typedef ... ode_t</c>, <c>ODE_N</c>, <c>ODE_P</c> and a struct
    /// <c>OdeNetwork</c> with <c>f(t, y, dydt, p)</c> and <c>vjp(t, y, a, dy, dtheta, stride, p)</c> for one lane.
    /// The runtime composes it with a tableau's step and the solver kernels; the text is stable (same network, same
    /// bytes), so compiled modules can be cached by its hash.
    /// </summary>
    string CudaDeviceCode { get; }
}
