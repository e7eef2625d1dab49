namespace OdeKernels;

/// <summary>Where <see cref="Ode"/> runs a solve (see <see cref="SolverOptions.Backend"/>).</summary>
public enum Backend
{
    /// <summary>The CPU: the generated lane-vectorised kernels (the default).</summary>
    Cpu = 0,

    /// <summary>
    /// An NVIDIA GPU through the CUDA driver API, with kernels compiled at run time by NVRTC from the CUDA C the
    /// generator emits for <see cref="DynamicsAttribute"/> networks. Fails with <see cref="Cuda.CudaException"/>
    /// when <c>libcuda.so.1</c>, <c>libnvrtc</c> or a device is missing.
    /// </summary>
    Cuda = 1,

    /// <summary>CUDA when a device and NVRTC are found and the system is a generated network; the CPU otherwise.</summary>
    Auto = 2,
}
