using System;
using System.IO;
using OdeKernels.Cuda;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// The composed kernel source through a real CUDA front end, without a GPU or the CUDA toolkit: clang compiles it
/// for the device (sm_70) to PTX, which checks what g++ and the shim cannot: that device code calls only device
/// functions, and that the kernels, the <c>__constant__</c> tableau and the dynamic shared memory are well formed.
/// </summary>
public sealed class CudaDeviceCompileTests
{
    [TheoryRequiresClang]
    [InlineData(true, "Tsit5")]
    [InlineData(false, "Rk4")]
    [InlineData(true, "Dopri5")]
    public void TheKernelsCompileForTheDevice(bool isDouble, string method) =>
        CompileForTheDevice(isDouble ? TimeNet64.CudaDeviceCode : SpiralNet.CudaDeviceCode, method);

    /// <summary>Every activation's device code, float and double: a device function an activation calls that CUDA lacks fails here.</summary>
    [TheoryRequiresClang]
    [MemberData(nameof(ActivationAccuracyTests.Activations), MemberType = typeof(ActivationAccuracyTests))]
    public void EveryActivationCompilesForTheDevice(Activation activation)
    {
        CompileForTheDevice(((ICudaDynamics)ActivationProbes.Float(activation)).CudaDeviceCode, "Dopri5");
        CompileForTheDevice(((ICudaDynamics)ActivationProbes.Double(activation)).CudaDeviceCode, "Dopri5");
    }

    /// <summary>
    /// Each kernel file compiles alone from the files as they are on disk (their own includes), next to a generated
    /// network and tableau: the device sources are real translation units, not fragments that only work composed.
    /// </summary>
    [TheoryRequiresClang]
    [InlineData("ode_kernels.cu", "ode_solve")]
    [InlineData("ode_kernels.cu", "ode_backsolve")]
    [InlineData("ode_checkpointed.cu", "ode_checkpointed")]
    public void EachKernelFileCompilesOnItsOwn(string file, string entry)
    {
        string clang = PathLookup.Find("clang++")!;
        string folder = Path.Combine(Path.GetTempPath(), "odekernels-cuda-alone-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            CudaKernelSource.WriteSources(folder, SpiralNet.CudaDeviceCode, Tableaux.CudaStep("Tsit5"));
            string declarations = Path.Combine(ShimCompiler.ShimFolder, "clang_cuda_declarations.h");
            (int exit, string log) = ShimCompiler.Run(clang, $"-x cuda --cuda-device-only --cuda-gpu-arch=sm_70 -nocudainc -nocudalib -std=c++17 -O2 -Wall -Werror -S -include \"{declarations}\" -I . {file} -o kernel.ptx", folder);

            Assert.True(exit == 0, $"clang rejected {file} compiled alone:\n" + log);
            Assert.Contains($".entry {entry}(", File.ReadAllText(Path.Combine(folder, "kernel.ptx")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void CompileForTheDevice(string code, string method)
    {
        string clang = PathLookup.Find("clang++")!;
        string folder = Path.Combine(Path.GetTempPath(), "odekernels-cuda-clang-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "kernel.cu"), CudaKernelSource.Compose(code, Tableaux.CudaStep(method)));
            string declarations = Path.Combine(ShimCompiler.ShimFolder, "clang_cuda_declarations.h");
            (int exit, string log) = ShimCompiler.Run(clang, $"-x cuda --cuda-device-only --cuda-gpu-arch=sm_70 -nocudainc -nocudalib -std=c++17 -O2 -Wall -Werror -S -include \"{declarations}\" kernel.cu -o kernel.ptx", folder);

            Assert.True(exit == 0, "clang rejected the kernels:\n" + log);
            string ptx = File.ReadAllText(Path.Combine(folder, "kernel.ptx"));
            Assert.Contains(".entry ode_solve(", ptx, StringComparison.Ordinal);
            Assert.Contains(".entry ode_backsolve(", ptx, StringComparison.Ordinal);
            Assert.Contains(".entry ode_checkpointed(", ptx, StringComparison.Ordinal);
            Assert.Contains(".const .align 8 .b8 ode_tableau_b", ptx, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>A theory that needs clang++ (for the CUDA front-end check): skipped, with the reason, where it is not on PATH.</summary>
public sealed class TheoryRequiresClangAttribute : TheoryAttribute
{
    public TheoryRequiresClangAttribute()
    {
        if (PathLookup.Find("clang++") is null)
        {
            Skip = "clang++ is not on PATH: the kernels cannot be checked with a CUDA front end here.";
        }
    }
}
