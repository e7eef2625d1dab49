using System;
using System.Numerics;
using OdeKernels.Cuda;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// The CUDA Checkpointed kernel (through the CPU shim) against the CPU's Checkpointed adjoint, and against finite
/// differences. Both are the exact gradient of the same numerical solution: the replayed steps are the forward steps,
/// and each is reversed with the same recomputed stages, so in double they agree to rounding (the parameter sums run
/// in another order: per lane in double, then across the block). Where the checkpoints sit changes nothing: a lane's
/// steps and the order it reverses them are the same for any budget, so the kernel's results are bitwise equal.
/// </summary>
public sealed class CudaShimCheckpointedTests
{
    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Dopri5")]
    [InlineData("Rk4")]
    public void SpiralNetworkInDoubleMatchesTheCpu(string method) =>
        Compare(new SpiralNet64(seed: 3), method, lanes: 11, blockSize: 4, checkpoints: 0, tolerance: 1e-9);

    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Rk4")]
    public void TimeDependentNetworkInDoubleMatchesTheCpu(string method) =>
        Compare(new TimeNet64(seed: 5), method, lanes: 6, blockSize: 8, checkpoints: 0, tolerance: 1e-9);

    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Rk4")]
    public void SpiralNetworkInFloatMatchesTheCpu(string method) =>
        Compare(new SpiralNet(seed: 3), method, lanes: 9, blockSize: 4, checkpoints: 0, tolerance: 5e-4);

    [TheoryRequiresGpp]
    [InlineData("Dopri5")]
    [InlineData("Rk4")]
    public void TimeDependentNetworkInFloatMatchesTheCpu(string method) =>
        Compare(new TimeNet(seed: 5), method, lanes: 5, blockSize: 8, checkpoints: 0, tolerance: 5e-4);

    [TheoryRequiresGpp]
    [InlineData("Tsit5", 2)]
    [InlineData("Rk4", 3)]
    public void ACheckpointBudgetMatchesTheCpuWithTheSameBudget(string method, int checkpoints) =>
        Compare(new SpiralNet64(seed: 4), method, lanes: 7, blockSize: 2, checkpoints, tolerance: 1e-9);

    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Rk4")]
    public void TheCheckpointBudgetDoesNotChangeTheGradient(string method)
    {
        var network = new TimeNet64(seed: 2);
        (double[] y0, double[] saveAt, double[] dLdY, SolverOptions options) = Problem<double>(network, method, lanes: 5);
        Gradient<double> Run(int checkpoints) => CudaBackend.CheckpointedGradient(
            ShimRunner.Instance, TimeNet64.CudaDeviceCode, network.Parameters, network.StateSize, Tableaux.CudaStep(method), y0, saveAt, dLdY, options, checkpoints, blockSize: 4);

        Gradient<double> automatic = Run(0), two = Run(2), many = Run(1000);

        Assert.Equal(automatic.Parameters, two.Parameters);
        Assert.Equal(automatic.Parameters, many.Parameters);
        Assert.Equal(automatic.InitialState, two.InitialState);
        Assert.Equal(automatic.InitialState, many.InitialState);
        Assert.Equal(automatic.BackwardStats.AcceptedSteps, two.BackwardStats.AcceptedSteps);
    }

    [TheoryRequiresGpp]
    [InlineData("spiral")]
    [InlineData("time")]
    public void AFixedStepGradientEqualsCentralDifferences(string which)
    {
        // L = Σ w · y over every saved state of an Rk4 solve with fixed steps: smooth in θ and y0, so central
        // differences of the CPU solve (which the CUDA solve matches to 1e-10) have errors near 1e-10 of the largest
        // component (truncation h² and rounding ε/h at h = 1e-5).
        IBatchedDifferentiableSystem<double> network = which == "spiral" ? new SpiralNet64(seed: 7) : new TimeNet64(seed: 7);
        string code = ((ICudaDynamics)network).CudaDeviceCode;
        (double[] y0, double[] saveAt, double[] weights, SolverOptions options) = Problem<double>(network, "Rk4", lanes: 3);
        Gradient<double> shim = CudaBackend.CheckpointedGradient(ShimRunner.Instance, code, network.Parameters, network.StateSize, Rk4.CudaStepSource, y0, saveAt, weights, options, checkpoints: 0, blockSize: 2);

        double Loss(double[] initial)
        {
            Solution<double> sol = Ode.Solve(network, new Rk4(), initial, saveAt, options);
            double sum = 0;
            for (int i = 0; i < weights.Length; i++)
            {
                sum += weights[i] * sol.States[i];
            }

            return sum;
        }

        double scale = 0;
        foreach (double g in shim.Parameters)
        {
            scale = Math.Max(scale, Math.Abs(g));
        }

        Span<double> parameters = network.Parameters;
        for (int q = 0; q < parameters.Length; q += 5)
        {
            double original = parameters[q], step = 1e-5 * Math.Max(1.0, Math.Abs(original));
            parameters[q] = original + step;
            double up = Loss(y0);
            parameters[q] = original - step;
            double down = Loss(y0);
            parameters[q] = original;
            double difference = (up - down) / (2 * step);
            Assert.True(Math.Abs(difference - shim.Parameters[q]) <= 1e-8 * scale, $"dL/dθ[{q}]: central difference {difference:R}, CUDA (shim) {shim.Parameters[q]:R} (largest {scale:R})");
        }

        for (int i = 0; i < y0.Length; i++)
        {
            double[] up = (double[])y0.Clone(), down = (double[])y0.Clone();
            double step = 1e-5 * Math.Max(1.0, Math.Abs(y0[i]));
            up[i] += step;
            down[i] -= step;
            double difference = (Loss(up) - Loss(down)) / (2 * step);
            Assert.True(Math.Abs(difference - shim.InitialState[i]) <= 1e-8 * Math.Max(1.0, Math.Abs(difference)), $"dL/dy0[{i}]: central difference {difference:R}, CUDA (shim) {shim.InitialState[i]:R}");
        }
    }

    private static (T[] Y0, T[] SaveAt, T[] DLdY, SolverOptions Options) Problem<T>(IBatchedDifferentiableSystem<T> network, string method, int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] y0 = CudaShimSolveTests.Convert<T>(CudaShimSolveTests.InitialStates(lanes, network.StateSize));
        T[] saveAt = CudaShimSolveTests.Convert<T>(CudaShimSolveTests.SaveAt);
        var weights = new double[saveAt.Length * y0.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = Math.Cos(0.3 + (1.1 * i));
        }

        return (y0, saveAt, CudaShimSolveTests.Convert<T>(weights), CudaShimSolveTests.OptionsFor<T>(method));
    }

    private static void Compare<T>(IBatchedDifferentiableSystem<T> network, string method, int lanes, int blockSize, int checkpoints, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] y0, T[] saveAt, T[] dLdY, SolverOptions options) = Problem(network, method, lanes);
        Gradient<T> cpu = Tableaux.Gradient(method, network, y0, saveAt, dLdY, options, AdjointMethod.Checkpointed, checkpoints);
        Gradient<T> shim = CudaBackend.CheckpointedGradient(ShimRunner.Instance, ((ICudaDynamics)network).CudaDeviceCode, network.Parameters, network.StateSize, Tableaux.CudaStep(method), y0, saveAt, dLdY, options, checkpoints, blockSize);

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

        // Every accepted forward step is reversed once, on both backends.
        Assert.Equal(shim.Solution.Stats.AcceptedSteps, shim.BackwardStats.AcceptedSteps);
        if (typeof(T) == typeof(double))
        {
            Assert.Equal(cpu.BackwardStats.AcceptedSteps, shim.BackwardStats.AcceptedSteps);
        }
    }
}
