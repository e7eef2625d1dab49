using System;
using OdeKernels.Cuda;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// CPU and CUDA (built with g++ against the CPU shim, <c>-ffp-contract=off</c>, so only the explicit <c>fma()</c>
/// calls fuse) do the same operations in the same order within the opt-in fused multiply-add mode as without it: on a
/// piecewise-linear network with a time column (no exp, log or sin, whose library versions round differently) a
/// fixed-step solve agrees bit for bit, fused and unfused, while fused and unfused differ from each other.
/// </summary>
public sealed class CudaShimFusedMultiplyAddTests
{
    [TheoryRequiresGpp]
    [InlineData("Rk4")]
    [InlineData("Tsit5")]
    public void FusedAndUnfusedSolvesMatchTheCpuBitForBit(string method)
    {
        var plain = new ReluTimeNet64(seed: 4);
        var fused = new ReluTimeNetFma64(plain.Parameters);
        double[] y0 = CudaShimSolveTests.InitialStates(lanes: 11, n: 2), saveAt = CudaShimSolveTests.SaveAt;
        var options = new SolverOptions { FixedStep = 0.05 };

        double[] Cpu(IBatchedDifferentiableSystem<double> network) => Tableaux.Solve(method, network, y0, saveAt, options).States.ToArray();
        double[] Shim(IBatchedDifferentiableSystem<double> network) =>
            CudaBackend.Solve(ShimRunner.Instance, ((ICudaDynamics)network).CudaDeviceCode, network.Parameters, 2, Tableaux.CudaStep(method), y0, saveAt, options, blockSize: 4).States.ToArray();

        double[] fusedCpu = Cpu(fused), plainCpu = Cpu(plain);
        Assert.Equal(plainCpu, Shim(plain));
        Assert.Equal(fusedCpu, Shim(fused));
        Assert.NotEqual(plainCpu, fusedCpu);
    }
}
