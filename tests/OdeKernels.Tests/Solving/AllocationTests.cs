using System;

namespace OdeKernels.Tests.Solving;

/// <summary>A steady-state solve allocates per solve (the returned solution), never per step.</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AllocatedBytesDoNotGrowWithTheNumberOfSteps(bool batched)
    {
        double[] y0 = new double[64 * 3];
        for (int i = 0; i < 64; i++)
        {
            y0[3 * i] = 1;
            y0[(3 * i) + 2] = 1 + i;
        }

        double[] saveAt = [0, 1];
        long few = Measure(batched, y0, saveAt, 1e-3);
        long many = Measure(batched, y0, saveAt, 1e-10);
        (long fewSteps, long manySteps) = (Steps(batched, y0, saveAt, 1e-3), Steps(batched, y0, saveAt, 1e-10));
        Assert.True(manySteps > 20 * fewSteps, $"the test needs very different step counts: {fewSteps} vs {manySteps}");
        Assert.True(many - few <= 256, $"{manySteps} steps allocated {many} bytes, {fewSteps} steps {few} bytes");
    }

    private static long Steps(bool batched, double[] y0, double[] saveAt, double tol) => Solve(batched, y0, saveAt, tol).Stats.AcceptedSteps;

    private static long Measure(bool batched, double[] y0, double[] saveAt, double tol)
    {
        Solve(batched, y0, saveAt, tol); // warm up: JIT and the per-thread workspace
        long before = GC.GetAllocatedBytesForCurrentThread();
        Solve(batched, y0, saveAt, tol);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static Solution<double> Solve(bool batched, double[] y0, double[] saveAt, double tol)
    {
        var options = new SolverOptions { RelativeTolerance = tol, AbsoluteTolerance = tol };
        return batched
            ? Ode.Solve(new BatchedRotation(), new Tsit5(), y0, saveAt, options)
            : Ode.Solve(new Rotation<double>(), new Tsit5(), y0, saveAt, options);
    }
}
