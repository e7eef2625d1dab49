using System;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using OdeKernels.Cuda;
using OdeKernels.Tests.Dynamics;
using Xunit.Abstractions;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// The CUDA C activations and derivatives (a probe network's generated device code with the solver's prelude, built
/// against the CPU shim and run as one device thread per point) on the grid and to the bounds of the C# kernels
/// (<see cref="ActivationAccuracyTests"/>): the same formulas, with the C library's exp and log in place of the C#
/// kernels' own, so accurate alike though not bit for bit equal.
/// </summary>
public sealed class CudaShimActivationTests(ITestOutputHelper output)
{
    [TheoryRequiresGpp]
    [MemberData(nameof(ActivationAccuracyTests.Activations), MemberType = typeof(ActivationAccuracyTests))]
    public void FloatActivationAndDerivativeAreAccurate(Activation activation)
    {
        var probe = (ICudaDynamics)ActivationProbes.Float(activation);
        Check<float>(probe.CudaDeviceCode, activation);
    }

    [TheoryRequiresGpp]
    [MemberData(nameof(ActivationAccuracyTests.Activations), MemberType = typeof(ActivationAccuracyTests))]
    public void DoubleActivationAndDerivativeAreAccurate(Activation activation)
    {
        var probe = (ICudaDynamics)ActivationProbes.Double(activation);
        Check<double>(probe.CudaDeviceCode, activation);
    }

    private void Check<T>(string deviceCode, Activation activation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string executable = ShimCompiler.Build(CudaDriverCode.Prelude + deviceCode, "activations.cpp");
        T[] x = ActivationErrors.Grid<T>();
        string folder = Path.Combine(Path.GetTempPath(), "odekernels-cuda-shim", "activations-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "params.bin"), MemoryMarshal.AsBytes<T>(new[] { T.One }).ToArray());
            File.WriteAllBytes(Path.Combine(folder, "x.bin"), MemoryMarshal.AsBytes<T>(x).ToArray());
            (int code, string log) = ShimCompiler.Run(executable, $"\"{folder}\"", folder);
            Assert.True(code == 0, $"The shim run failed ({code}): {log}");
            T[] y = MemoryMarshal.Cast<byte, T>(File.ReadAllBytes(Path.Combine(folder, "value.out"))).ToArray();
            T[] dy = MemoryMarshal.Cast<byte, T>(File.ReadAllBytes(Path.Combine(folder, "derivative.out"))).ToArray();
            Assert.Equal(x.Length, y.Length);
            Assert.Equal(x.Length, dy.Length);
            string report = ActivationErrors.Check(activation, typeof(T) == typeof(float), ActivationErrors.ToDouble(x), ActivationErrors.ToDouble(y), ActivationErrors.ToDouble(dy));
            output.WriteLine($"CUDA {typeof(T).Name} {activation}: {report}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
