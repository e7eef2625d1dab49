using System;
using System.Linq;
using OdeKernels.Cuda;
using OdeKernels.Tests.Dynamics;
using OdeKernels.Tests.Solving;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// Choosing the backend and binding CUDA, without a GPU: what <see cref="Backend.Cuda"/> says where the driver is
/// missing, <see cref="Backend.Auto"/> falling back to the CPU, what the CUDA backend refuses, the device-memory check
/// and the kernel source the runtime composes.
/// </summary>
public sealed class CudaBackendTests
{
    private static readonly double[] s_y0 = [1.0, 0.5, -0.3, 0.8];
    private static readonly double[] s_saveAt = [0.0, 0.5, 1.0];

    [FactWithoutCudaDriver]
    public void AskingForCudaWithoutTheDriverNamesLibcuda()
    {
        var options = new SolverOptions { Backend = Backend.Cuda };

        CudaException e = Assert.Throws<CudaException>(() => Ode.Solve(new SpiralNet64(seed: 1), new Tsit5(), s_y0, s_saveAt, options));

        Assert.Equal("libcuda.so.1", e.ErrorName);
        Assert.Contains("libcuda.so.1 was not found", e.Message, StringComparison.Ordinal);
        Assert.Contains("Backend.Auto", e.Message, StringComparison.Ordinal);
    }

    [FactWithoutCudaDriver]
    public void AskingForACudaGradientWithoutTheDriverNamesLibcuda()
    {
        var options = new SolverOptions { Backend = Backend.Cuda };
        var dLdY = new double[s_saveAt.Length * s_y0.Length];

        CudaException e = Assert.Throws<CudaException>(() => Ode.Gradient(new SpiralNet64(seed: 1), new Tsit5(), s_y0, s_saveAt, dLdY, options));

        Assert.Equal("libcuda.so.1", e.ErrorName);
    }

    [FactWithoutCudaDriver]
    public void AutoFallsBackToTheCpu()
    {
        var network = new SpiralNet64(seed: 1);
        var dLdY = Enumerable.Range(0, s_saveAt.Length * s_y0.Length).Select(i => Math.Cos(i)).ToArray();
        var cpu = new SolverOptions();
        var auto = new SolverOptions { Backend = Backend.Auto };

        Assert.Equal(Ode.Solve(network, new Tsit5(), s_y0, s_saveAt, cpu).States.ToArray(), Ode.Solve(network, new Tsit5(), s_y0, s_saveAt, auto).States.ToArray());
        Gradient<double> expected = Ode.Gradient(network, new Tsit5(), s_y0, s_saveAt, dLdY, cpu);
        Gradient<double> actual = Ode.Gradient(network, new Tsit5(), s_y0, s_saveAt, dLdY, auto);
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.InitialState, actual.InitialState);
        Assert.Equal(
            Ode.Gradient(network, new Tsit5(), s_y0, s_saveAt, dLdY, cpu, AdjointMethod.Checkpointed).Parameters,
            Ode.Gradient(network, new Tsit5(), s_y0, s_saveAt, dLdY, auto, AdjointMethod.Checkpointed).Parameters);
    }

    [Fact]
    public void AutoSolvesAHandWrittenSystemOnTheCpu()
    {
        Solution<double> sol = Ode.Solve(new Decay<double>(), new Tsit5(), [1.0], s_saveAt, new SolverOptions { Backend = Backend.Auto });

        Assert.Equal(Math.Exp(-1.0), sol[2, 0, 0], 1e-6);
    }

    [Fact]
    public void CudaRefusesAHandWrittenSystem()
    {
        NotSupportedException e = Assert.Throws<NotSupportedException>(() =>
            Ode.Solve(new Decay<double>(), new Tsit5(), [1.0], s_saveAt, new SolverOptions { Backend = Backend.Cuda }));

        Assert.Contains("Decay", e.Message, StringComparison.Ordinal);
        Assert.Contains("[Dynamics]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CudaRefusesTheDirectAdjoint()
    {
        var dLdY = new double[s_saveAt.Length * s_y0.Length];

        NotSupportedException e = Assert.Throws<NotSupportedException>(() =>
            Ode.Gradient(new SpiralNet64(seed: 1), new Tsit5(), s_y0, s_saveAt, dLdY, new SolverOptions { Backend = Backend.Cuda }, AdjointMethod.Direct));

        Assert.Contains("not Direct", e.Message, StringComparison.Ordinal);
        Assert.Contains("Backend.Auto", e.Message, StringComparison.Ordinal);
    }

    [FactWithoutCudaDriver]
    public void AskingForACheckpointedCudaGradientWithoutTheDriverNamesLibcuda()
    {
        var options = new SolverOptions { Backend = Backend.Cuda };
        var dLdY = new double[s_saveAt.Length * s_y0.Length];

        CudaException e = Assert.Throws<CudaException>(() =>
            Ode.Gradient(new SpiralNet64(seed: 1), new Tsit5(), s_y0, s_saveAt, dLdY, options, AdjointMethod.Checkpointed, checkpoints: 4));

        Assert.Equal("libcuda.so.1", e.ErrorName);
    }

    [Fact]
    public void AnUndefinedBackendIsRejected()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() =>
            Ode.Solve(new SpiralNet64(seed: 1), new Tsit5(), s_y0, s_saveAt, new SolverOptions { Backend = (Backend)7 }));

        Assert.Equal("options.Backend", e.ParamName);
    }

    [Fact]
    public void AMissingDriverLibraryIsNamed()
    {
        CudaException? e = CudaRuntime.LoadLibraries(["libcuda-missing.so.1"], ["libnvrtc-missing.so"], out _, out _);

        Assert.NotNull(e);
        Assert.Equal("libcuda-missing.so.1", e.ErrorName);
    }

    [Fact]
    public void AMissingNvrtcIsNamedWithEveryNameTried()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // libc stands in for a driver that loads; no NVRTC is found under the names given.
        CudaException? e = CudaRuntime.LoadLibraries(["libc.so.6"], ["libnvrtc-missing.so", "libnvrtc-missing.so.12"], out _, out _);

        Assert.NotNull(e);
        Assert.Equal("libnvrtc", e.ErrorName);
        Assert.Contains("libnvrtc-missing.so, libnvrtc-missing.so.12", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyLanesForDeviceMemoryFailBeforeLaunchStatingTheBytes()
    {
        CudaException e = Assert.Throws<CudaException>(() => CudaMemory.Check(5_000_000_000, 1_000_000_000, 2_000_000_000, 1_000_000, "solve"));

        Assert.Equal("CUDA_ERROR_OUT_OF_MEMORY", e.ErrorName);
        Assert.Contains("1,000,000 lanes needs 5,000,000,000 bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("only 1,000,000,000 of the device's 2,000,000,000 bytes are free", e.Message, StringComparison.Ordinal);
        CudaMemory.Check(1_000, 1_000, 2_000, 1, "solve");
    }

    [Fact]
    public void AJobsDeviceMemoryGrowsWithItsLanes()
    {
        static long Bytes(int lanes)
        {
            var job = new CudaJob<double>(CudaKernelKind.Backsolve, "", lanes, 2, new double[252], new double[3], new double[11], 128)
            {
                States = new double[3 * lanes * 2],
                LossGradient = new double[3 * lanes * 2],
                InitialStateGradient = new double[lanes * 2],
                ParameterGradient = new double[252],
            };
            return job.DeviceBytes;
        }

        // Per lane: states and dL/dy (2 × 3 saves × 2), dL/dy0 (2), a gradient column (252), stats and status (3 + 3).
        Assert.Equal(8L * (12 + 2 + 252 + 6), Bytes(2) - Bytes(1));
    }

    [Fact]
    public void ACheckpointedJobsDeviceMemoryHoldsItsCheckpointsAndOneSegment()
    {
        static long Bytes(int lanes)
        {
            var steps = new long[lanes];
            Array.Fill(steps, 100);
            var job = new CudaJob<double>(CudaKernelKind.Checkpointed, "", lanes, 2, new double[252], new double[3], new double[11], 128)
            {
                Y0 = new double[lanes * 2],
                LossGradient = new double[3 * lanes * 2],
                InitialStateGradient = new double[lanes * 2],
                ParameterGradient = new double[252],
                Checkpoints = CudaCheckpointPlan.For(steps, checkpoints: 0),
            };
            return job.DeviceBytes;
        }

        // Per lane: y0 (2), dL/dy (3 × 2), dL/dy0 (2), a gradient column (252), stats and status (3 + 3), an interval
        // (4 bytes), 10 checkpoints of y, k0 and 7 scalars, 10 step starts of y and 3 scalars.
        Assert.Equal((8L * (2 + 6 + 2 + 252 + 6)) + 4 + (8L * 10 * (4 + 7)) + (8L * 10 * (2 + 3)), Bytes(2) - Bytes(1));
    }

    [Fact]
    public void CheckpointsAreAboutTheSquareRootOfTheStepsOrTheBudgetGiven()
    {
        CudaCheckpointPlan automatic = CudaCheckpointPlan.For([100, 10, 1, 101], checkpoints: 0);
        CudaCheckpointPlan budget = CudaCheckpointPlan.For([100, 10, 7], checkpoints: 3);

        // ⌈√N⌉ steps per checkpoint; the buffers hold the most any lane needs.
        Assert.Equal([10, 4, 1, 11], automatic.Intervals);
        Assert.Equal(10, automatic.Capacity);
        Assert.Equal(11, automatic.SegmentCapacity);

        // ⌈N / 3⌉ steps per checkpoint, so no lane keeps more than 3.
        Assert.Equal([34, 4, 3], budget.Intervals);
        Assert.Equal(3, budget.Capacity);
        Assert.Equal(34, budget.SegmentCapacity);
    }

    [Fact]
    public void ParametersAreStagedInSharedMemoryOnlyWhenTheyFit()
    {
        var small = new CudaJob<double>(CudaKernelKind.Backsolve, "", 10, 2, new double[252], [0.0, 1.0], new double[11], 128);
        var large = new CudaJob<double>(CudaKernelKind.Solve, "", 10, 2, new double[7000], [0.0, 1.0], new double[11], 128);

        Assert.True(small.UseSharedParameters);
        Assert.Equal((252 * 8) + (128 * 8), small.SharedBytes);
        Assert.False(large.UseSharedParameters);
        Assert.Equal(0, large.SharedBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CudaJob<double>(CudaKernelKind.Solve, "", 10, 2, new double[4], [0.0, 1.0], new double[11], 96));
    }

    [Fact]
    public void TheComposedSourceIsStableAndCarriesTheNetworkAndTableau()
    {
        string first = CudaKernelSource.Compose(SpiralNet64.CudaDeviceCode, Tsit5.CudaStepSource);
        string second = CudaKernelSource.Compose(((ICudaDynamics)new SpiralNet64(seed: 9)).CudaDeviceCode, Tsit5.CudaStepSource);

        Assert.Equal(first, second);
        Assert.Contains("typedef double ode_t;", first, StringComparison.Ordinal);
        Assert.Contains("#define ODE_P 252", first, StringComparison.Ordinal);
        Assert.Contains("#define ODE_FSAL 1", first, StringComparison.Ordinal);
        Assert.Contains("(ode_t)-0.008480655492356989 * k[0][i]", first, StringComparison.Ordinal);
        Assert.Contains("extern \"C\" __global__ void ode_solve(", first, StringComparison.Ordinal);
        Assert.Contains("extern \"C\" __global__ void ode_backsolve(", first, StringComparison.Ordinal);
        Assert.Contains("extern \"C\" __global__ void ode_checkpointed(", first, StringComparison.Ordinal);
        Assert.Contains("typedef float ode_t;", SpiralNet.CudaDeviceCode, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
    }
}
