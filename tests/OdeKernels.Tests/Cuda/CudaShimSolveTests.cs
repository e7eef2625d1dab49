using System;
using System.Numerics;
using OdeKernels.Cuda;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// The CUDA forward kernel, built with g++ against the CPU shim, against the CPU backend on the same problems: the
/// spiral network and a time-dependent one, in double and float, with Tsit5 and Dopri5 (adaptive) and Rk4 (fixed).
/// The kernels do the CPU kernels' arithmetic in the same order; they differ only where exp, log and sin round
/// differently (the BCL's vector versions against the C library's), a few ulps per evaluation. So fixed steps agree
/// to 1e-10 relative in double, and adaptive solves take the same steps (the error norms differ in the last bits,
/// far from the accept/reject threshold) and agree to the same level.
/// </summary>
public sealed class CudaShimSolveTests
{
    internal static readonly double[] SaveAt = [0.0, 0.3, 0.9, 1.6, 2.5];

    internal static double[] InitialStates(int lanes, int n)
    {
        var y0 = new double[lanes * n];
        for (int i = 0; i < y0.Length; i++)
        {
            y0[i] = 1.5 * Math.Sin(0.7 + (1.3 * i));
        }

        return y0;
    }

    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Dopri5")]
    [InlineData("Rk4")]
    public void SpiralNetworkInDoubleMatchesTheCpu(string method) =>
        Compare(new SpiralNet64(seed: 3), method, lanes: 37, blockSize: 8, tolerance: 1e-10);

    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Dopri5")]
    [InlineData("Rk4")]
    public void TimeDependentNetworkInDoubleMatchesTheCpu(string method) =>
        Compare(new TimeNet64(seed: 5), method, lanes: 9, blockSize: 4, tolerance: 1e-10);

    [TheoryRequiresGpp]
    [InlineData("Tsit5")]
    [InlineData("Rk4")]
    public void SpiralNetworkInFloatMatchesTheCpu(string method) =>
        Compare(new SpiralNet(seed: 3), method, lanes: 21, blockSize: 16, tolerance: 2e-4);

    [TheoryRequiresGpp]
    [InlineData("Dopri5")]
    [InlineData("Rk4")]
    public void TimeDependentNetworkInFloatMatchesTheCpu(string method) =>
        Compare(new TimeNet(seed: 5), method, lanes: 5, blockSize: 8, tolerance: 2e-4);

    [FactRequiresGpp]
    public void InitialStepAndMaxStepOptionsMatchTheCpu()
    {
        var options = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10, InitialStep = 0.01, MaxStep = 0.05, ControllerBeta = 0 };
        CompareWith(new SpiralNet64(seed: 1), "Dopri5", options, lanes: 6, blockSize: 2, tolerance: 1e-10);
    }

    /// <summary>Adaptive tolerances well above the element type's rounding (in float, 1e-7 would be rounding noise).</summary>
    internal static SolverOptions OptionsFor<T>(string method) => !Tableaux.Info(method).HasEmbedded
        ? new SolverOptions { FixedStep = 0.05 }
        : typeof(T) == typeof(double)
            ? new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9 }
            : new SolverOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 };

    private static void Compare<T>(IBatchedDifferentiableSystem<T> network, string method, int lanes, int blockSize, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        CompareWith(network, method, OptionsFor<T>(method), lanes, blockSize, tolerance);

    private static void CompareWith<T>(IBatchedDifferentiableSystem<T> network, string method, SolverOptions options, int lanes, int blockSize, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] y0 = Convert<T>(InitialStates(lanes, network.StateSize));
        T[] saveAt = Convert<T>(SaveAt);
        Solution<T> cpu = Tableaux.Solve(method, network, y0, saveAt, options);
        Solution<T> shim = CudaBackend.Solve(ShimRunner.Instance, ((ICudaDynamics)network).CudaDeviceCode, network.Parameters, network.StateSize, Tableaux.CudaStep(method), y0, saveAt, options, blockSize);

        AssertClose(cpu.States, shim.States, tolerance, "states");
        for (int lane = 0; lane < lanes; lane++)
        {
            SolverStats expected = cpu.LaneStats(lane), actual = shim.LaneStats(lane);
            if (typeof(T) == typeof(double))
            {
                Assert.Equal(expected, actual);
            }
            else
            {
                // In float an ulp of exp can move an error norm across 1 now and then; the work stays the same to a step.
                Assert.InRange(actual.AcceptedSteps + actual.RejectedSteps, expected.AcceptedSteps + expected.RejectedSteps - 2, expected.AcceptedSteps + expected.RejectedSteps + 2);
            }
        }
    }

    internal static void AssertClose<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, double tolerance, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateTruncating(expected[i]), a = double.CreateTruncating(actual[i]);
            Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1.0, Math.Abs(e)), $"{what}[{i}]: CPU {e:R}, CUDA (shim) {a:R}");
        }
    }

    internal static T[] Convert<T>(double[] values)
        where T : unmanaged, IFloatingPointIeee754<T> => Array.ConvertAll(values, T.CreateTruncating);
}
