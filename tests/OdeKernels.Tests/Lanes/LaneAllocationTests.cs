using System;
using OdeKernels.Tests.Adjoints;
using OdeKernels.Tests.Solving;

namespace OdeKernels.Tests.Lanes;

/// <summary>A solve or Backsolve gradient with per-lane save times allocates per call (schedule, results), never per step.</summary>
public sealed class LaneAllocationTests
{
    [Theory]
    [InlineData(true, SaveMode.Step)]
    [InlineData(false, SaveMode.Step)]
    [InlineData(true, SaveMode.Interpolate)]
    [InlineData(false, SaveMode.Interpolate)]
    public void SolveAllocatesTheSameForFewAndManySteps(bool batched, SaveMode mode)
    {
        LaneSaveTimes<double> times = RaggedTimes.Random(64, seed: 29);
        double[] y0 = RaggedTimes.RotationStates(64);
        long Solve(double tol)
        {
            var options = new SolverOptions { RelativeTolerance = tol, AbsoluteTolerance = tol, SaveMode = mode, MaxDegreeOfParallelism = 1 };
            LaneSolution<double> solution = batched
                ? Ode.Solve(new BatchedRotation(), new Tsit5(), y0, times, options)
                : Ode.Solve(new Rotation<double>(), new Tsit5(), y0, times, options);
            return solution.Stats.AcceptedSteps;
        }

        AssertBytesDoNotGrow(Solve);
    }

    [Fact]
    public void BacksolveAllocatesTheSameForFewAndManySteps()
    {
        LaneSaveTimes<double> times = RaggedTimes.Random(64, seed: 31, span: 1.5);
        var y0 = new double[128];
        Array.Fill(y0, 0.9);
        double[] dLdY = RaggedTimes.Weights(times.Count * 2);
        long Gradient(double tol) => Ode.Gradient(new BatchedLotkaVolterra(), new Tsit5(), y0, times, dLdY, new SolverOptions { RelativeTolerance = tol, AbsoluteTolerance = tol, MaxDegreeOfParallelism = 1 }).BackwardStats.AcceptedSteps;
        AssertBytesDoNotGrow(Gradient);
    }

    private static void AssertBytesDoNotGrow(Func<double, long> run)
    {
        (long fewBytes, long fewSteps) = Measure(run, 1e-3);
        (long manyBytes, long manySteps) = Measure(run, 1e-10);
        Assert.True(manySteps > 5 * fewSteps, $"the test needs very different step counts: {fewSteps} vs {manySteps}");
        Assert.True(manyBytes - fewBytes <= 256, $"{manySteps} steps allocated {manyBytes} bytes, {fewSteps} steps {fewBytes} bytes");
    }

    private static (long Bytes, long Steps) Measure(Func<double, long> run, double tol)
    {
        run(tol); // warm up: JIT and the per-thread workspace
        long before = GC.GetAllocatedBytesForCurrentThread();
        long steps = run(tol);
        return (GC.GetAllocatedBytesForCurrentThread() - before, steps);
    }
}
