using System;
using System.Numerics;
using OdeKernels.Cuda;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// The CUDA Backsolve kernel (through the CPU shim) against the CPU's Backsolve adjoint: the same backward steps
/// (compared per run in double), dL/dy₀ and dL/dθ. The parameter gradient is summed in a different order (per lane
/// in double, then across the block, where the CPU sums lanes per step), so it agrees to rounding, not bitwise.
/// </summary>
public sealed class CudaShimGradientTests
{
    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Dopri5")]
    [InlineData("Rk4")]
    public void SpiralNetworkGradientInDoubleMatchesTheCpu(string method) =>
        Compare(new SpiralNet64(seed: 3), method, lanes: 11, blockSize: 4, tolerance: 1e-9);

    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Rk4")]
    public void TimeDependentNetworkGradientInDoubleMatchesTheCpu(string method) =>
        Compare(new TimeNet64(seed: 5), method, lanes: 6, blockSize: 8, tolerance: 1e-9);

    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Rk4")]
    public void SpiralNetworkGradientInFloatMatchesTheCpu(string method) =>
        Compare(new SpiralNet(seed: 3), method, lanes: 9, blockSize: 4, tolerance: 2e-3);

    private static void Compare<T>(IBatchedDifferentiableSystem<T> network, string method, int lanes, int blockSize, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SolverOptions options = CudaShimSolveTests.OptionsFor<T>(method);
        T[] y0 = CudaShimSolveTests.Convert<T>(CudaShimSolveTests.InitialStates(lanes, network.StateSize));
        T[] saveAt = CudaShimSolveTests.Convert<T>(CudaShimSolveTests.SaveAt);
        var weights = new double[saveAt.Length * y0.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = Math.Cos(0.3 + (1.1 * i));
        }

        T[] dLdY = CudaShimSolveTests.Convert<T>(weights);
        Gradient<T> cpu = Tableaux.Gradient(method, network, y0, saveAt, dLdY, options);
        Gradient<T> shim = CudaBackend.Gradient(ShimRunner.Instance, ((ICudaDynamics)network).CudaDeviceCode, network.Parameters, network.StateSize, Tableaux.CudaStep(method), y0, saveAt, dLdY, options, blockSize);

        CudaShimSolveTests.AssertClose<T>(cpu.Solution.States, shim.Solution.States, tolerance, "states");
        CudaShimSolveTests.AssertClose<T>(cpu.InitialState, shim.InitialState, tolerance, "dL/dy0");
        double scale = 0;
        foreach (T g in cpu.Parameters)
        {
            scale = Math.Max(scale, Math.Abs(double.CreateTruncating(g)));
        }

        for (int q = 0; q < cpu.Parameters.Length; q++)
        {
            double e = double.CreateTruncating(cpu.Parameters[q]), a = double.CreateTruncating(shim.Parameters[q]);
            Assert.True(Math.Abs(e - a) <= tolerance * scale, $"dL/dθ[{q}]: CPU {e:R}, CUDA (shim) {a:R} (largest {scale:R})");
        }

        if (typeof(T) == typeof(double))
        {
            Assert.Equal(cpu.BackwardStats.AcceptedSteps, shim.BackwardStats.AcceptedSteps);
            Assert.Equal(cpu.BackwardStats.RejectedSteps, shim.BackwardStats.RejectedSteps);
        }
    }
}
