using System;
using OdeKernels.Cuda;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// A lane that blows up: y' = 3y³ (the cube network with unit weights) leaves every bound at t = 1/(6y₀²). The
/// kernel's status word must become the <see cref="OdeSolveException"/> the CPU throws (lane, time, message). The
/// network is polynomial, so both backends do the same operations bit for bit and the times agree exactly.
/// </summary>
public sealed class CudaShimFailureTests
{
    // Dense(3, Cube): W1 = 1, b1 = 0; Dense(1): W2 = 1, b2 = 0, so f(y) = 3y³.
    private static readonly double[] s_blowUp = [1, 1, 1, 0, 0, 0, 1, 1, 1, 0];
    private static readonly double[] s_y0 = [0.1, 0.2, 1.0, 0.3];
    private static readonly double[] s_saveAt = [0.0, 0.5, 1.0];

    [FactRequiresGpp]
    public void ANonFiniteFixedStepBecomesTheCpuException() =>
        AssertSameFailure(new SolverOptions { FixedStep = 0.01 }, "non-finite (NaN or infinity) in a fixed step");

    [FactRequiresGpp]
    public void RunningOutOfStepsBecomesTheCpuException() =>
        AssertSameFailure(new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10, MaxSteps = 40 }, "MaxSteps = 40");

    [FactRequiresGpp]
    public void AStepBelowMinStepBecomesTheCpuException() =>
        AssertSameFailure(new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10, MinStep = 1e-3 }, "fell below MinStep");

    [FactRequiresGpp]
    public void AnUnderflowingStepBecomesTheCpuException() =>
        AssertSameFailure(new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 }, "underflowed");

    [FactRequiresGpp]
    public void ABackwardFailureBecomesTheCpuBacksolveException()
    {
        // Forwards y grows to about 2 by t = 1 without trouble; backwards, s = -t, the fixed step overshoots y' = -3y^3
        // from there, and the lane diverges.
        var network = new CubeNet64(s_blowUp);
        double[] y0 = [0.1, 0.2, 0.4], saveAt = [0.0, 0.5, 1.0];
        var dLdY = new double[saveAt.Length * y0.Length];
        Array.Fill(dLdY, 1.0);
        var options = new SolverOptions { FixedStep = 0.25 };
        OdeSolveException cpu = Assert.Throws<OdeSolveException>(() => Ode.Gradient(network, new Tsit5(), y0, saveAt, dLdY, options));
        OdeSolveException shim = Assert.Throws<OdeSolveException>(() =>
            CudaBackend.Gradient(ShimRunner.Instance, CubeNet64.CudaDeviceCode, network.Parameters, 1, Tsit5.CudaStepSource, y0, saveAt, dLdY, options, blockSize: 2));

        Assert.True(cpu.Message.StartsWith("Backsolve adjoint:", StringComparison.Ordinal), cpu.Message);
        Assert.Equal(cpu.Message, shim.Message);
        Assert.Equal(cpu.Lane, shim.Lane);
        Assert.Equal(cpu.Time, shim.Time);
    }

    private static void AssertSameFailure(SolverOptions options, string what)
    {
        var network = new CubeNet64(s_blowUp);
        OdeSolveException cpu = Assert.Throws<OdeSolveException>(() => Ode.Solve(network, new Tsit5(), s_y0, s_saveAt, options));
        OdeSolveException shim = Assert.Throws<OdeSolveException>(() =>
            CudaBackend.Solve(ShimRunner.Instance, CubeNet64.CudaDeviceCode, network.Parameters, 1, Tsit5.CudaStepSource, s_y0, s_saveAt, options, blockSize: 2));

        Assert.Contains(what, cpu.Message, StringComparison.Ordinal);
        Assert.Equal(2, shim.Lane);
        Assert.Equal(cpu.Lane, shim.Lane);
        Assert.Equal(cpu.Time, shim.Time);
        Assert.Equal(cpu.Message, shim.Message);
    }
}
