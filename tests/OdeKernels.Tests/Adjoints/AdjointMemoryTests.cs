using System;

namespace OdeKernels.Tests.Adjoints;

/// <summary>
/// Allocated bytes of one gradient as the number of steps grows from 10³ to 10⁵ (fixed steps of Lotka–Volterra, one
/// lane): Backsolve flat, Checkpointed growing as √N, Direct linearly. Allocated bytes bound the peak from above; the
/// thread's kept buffers are released before the measured call, so that it allocates all it holds (a warm call reuses
/// the tapes of the one before: <see cref="TapeReuseTests"/>).
/// </summary>
public sealed class AdjointMemoryTests
{
    private static long Bytes(AdjointMethod method, int steps)
    {
        double[] y0 = [1.0, 1.0];
        double[] saveAt = [0.0, 0.5, 1.0];
        double[] dLdY = [0.1, 0.2, 0.3, 0.4, 1.0, -1.0];
        var options = new SolverOptions { FixedStep = 1.0 / steps, MaxSteps = 2 * steps };
        Ode.Gradient(new PredatorPrey(), new Rk4(), y0, saveAt, dLdY, options, method); // warm up (JIT)
        Ode.ReleaseThreadBuffers();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Ode.Gradient(new PredatorPrey(), new Rk4(), y0, saveAt, dLdY, options, method);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void BacksolveMemoryIsFlatInTheNumberOfSteps()
    {
        long small = Bytes(AdjointMethod.Backsolve, 1_000), large = Bytes(AdjointMethod.Backsolve, 100_000);
        Assert.True(large - small <= 1024, $"Backsolve allocated {small} bytes for 10^3 steps and {large} for 10^5");
    }

    [Fact]
    public void DirectMemoryGrowsLinearly()
    {
        long a = Bytes(AdjointMethod.Direct, 1_000), b = Bytes(AdjointMethod.Direct, 10_000), c = Bytes(AdjointMethod.Direct, 100_000);
        double growth = (double)(c - b) / (b - a);
        Assert.InRange(growth, 5.0, 20.0);
        Assert.True(c > 100_000 * 2 * sizeof(double), $"Direct kept {c} bytes for 10^5 steps of a 2-component state");
    }

    [Fact]
    public void CheckpointedMemoryGrowsAsTheSquareRootOfTheSteps()
    {
        long a = Bytes(AdjointMethod.Checkpointed, 1_000), b = Bytes(AdjointMethod.Checkpointed, 10_000), c = Bytes(AdjointMethod.Checkpointed, 100_000);
        long direct = Bytes(AdjointMethod.Direct, 100_000);
        double growth = (double)(c - b) / (b - a);
        Assert.True(growth < 6.0, $"Checkpointed grew {a} → {b} → {c} bytes (ratio of increments {growth:F2}; √10 ≈ 3.2, linear 10)");
        Assert.True(c * 10 < direct, $"Checkpointed used {c} bytes at 10^5 steps, Direct {direct}");
    }

    [Fact]
    public void ASmallBatchedGradientDoesNotPayForALargerEarlierOne()
    {
        double[] Starts(int lanes)
        {
            var y0 = new double[2 * lanes];
            for (int i = 0; i < y0.Length; i++)
            {
                y0[i] = 1.0 + (0.001 * i);
            }

            return y0;
        }

        double[] saveAt = [0.0, 1.0];
        var options = new SolverOptions { FixedStep = 0.01 };
        double[] large = Starts(20_000), small = Starts(4);
        Ode.Gradient(new BatchedLotkaVolterra(), new Rk4(), large, saveAt, new double[2 * large.Length], options);
        Ode.Gradient(new BatchedLotkaVolterra(), new Rk4(), small, saveAt, new double[2 * small.Length], options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Ode.Gradient(new BatchedLotkaVolterra(), new Rk4(), small, saveAt, new double[2 * small.Length], options);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        // The thread's buffers have a stride of 20,000 lanes now; one state-shaped row of it alone is 160 kB.
        Assert.True(bytes < 16_000, $"a 4-lane gradient allocated {bytes} bytes after a 20,000-lane one");
    }
}
