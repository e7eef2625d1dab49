using System;
using System.Collections.Generic;
using OdeKernels.Tests.Adjoints;
using OdeKernels.Tests.Solving;

namespace OdeKernels.Tests.Reentrancy;

/// <summary>
/// A right-hand side that itself calls <see cref="Ode"/> on the same thread (a nested solve or gradient, with the
/// same state size as the outer one) must leave the outer computation bit for bit as it is when the inner value is
/// computed beforehand: the two must not share the thread's solver buffers.
/// </summary>
public sealed class NestedSolveTests
{
    private static readonly double[] Y0 = [1.0, 1.0, 0.5, 2.0, 2.0, 0.5];
    private static readonly double[] SaveAt = [0.0, 0.5, 1.0];
    private static readonly SolverOptions InnerOptions = new() { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 };

    // The allocation checks count this thread's bytes: the many-lane solves they measure must run on this thread alone.
    private static readonly SolverOptions OnThisThread = new() { MaxDegreeOfParallelism = 1 };

    public static IEnumerable<object[]> Cases()
    {
        string[] operations = ["Solve", nameof(AdjointMethod.Direct), nameof(AdjointMethod.Checkpointed), nameof(AdjointMethod.Backsolve)];
        foreach (string outer in operations)
        {
            foreach (bool outerBatched in new[] { false, true })
            {
                foreach (string inner in operations)
                {
                    foreach (bool innerBatched in new[] { false, true })
                    {
                        yield return [outer, outerBatched, inner, innerBatched];
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ANestedSolveOrGradientLeavesTheOuterResultBitwiseUnchanged(string outer, bool outerBatched, string inner, bool innerBatched)
    {
        double value = InnerValue(inner, innerBatched);
        double[] reference = Outer(outer, outerBatched, () => value);
        int calls = 0;
        double[] nested = Outer(outer, outerBatched, () =>
        {
            calls++;
            return InnerValue(inner, innerBatched);
        });

        Assert.True(calls > 10, $"the outer {outer} evaluated its right-hand side only {calls} times");
        AssertBitwiseEqual(reference, nested);
    }

    [Fact]
    public void AFailingNestedSolveLeavesTheThreadsBuffersUsable()
    {
        double value = InnerValue("Solve", true);
        double[] reference = Outer("Solve", true, () => value);
        const int lanes = 1000;
        double[] many = ManyLanes(lanes);
        _ = Ode.Solve(new BatchedLotkaVolterra(), new Tsit5(), many, SaveAt, OnThisThread);
        long before = AllocatedBy(() => Ode.Solve(new BatchedLotkaVolterra(), new Tsit5(), many, SaveAt, OnThisThread));

        // The inner solve fails on the 20th evaluation of the outer one: the outer solve is mid-step, both hold buffers.
        int calls = 0;
        OdeSolveException failure = Assert.Throws<OdeSolveException>(() => Outer("Solve", true, () =>
            ++calls == 20 ? Ode.Solve(new NaNAfter(0.0), new Tsit5(), [1.0], [0.0, 1.0]).States[^1] : value));
        Assert.Equal(20, calls);
        Assert.Equal(0, failure.Lane);

        // Still correct, nested or not, and the buffers the failed solves held came back: the next solve reuses them.
        AssertBitwiseEqual(reference, Outer("Solve", true, () => InnerValue("Solve", true)));
        long after = AllocatedBy(() => Ode.Solve(new BatchedLotkaVolterra(), new Tsit5(), many, SaveAt, OnThisThread));
        Assert.True(after <= before + 256, $"a {lanes}-lane solve allocated {before} bytes before the failure and {after} after it");
    }

    [Fact]
    public void NestedSolvesStopAllocatingWorkspacesAfterWarmUp()
    {
        double[] many = ManyLanes(1000);
        Func<double> inner = () => InnerValue("Solve", true);
        _ = OuterSolve(many, inner);
        long first = AllocatedBy(() => OuterSolve(many, inner));
        long second = AllocatedBy(() => OuterSolve(many, inner));

        // A 1000-lane Tsit5 workspace of two components alone is 1000 × 2 × 10 × 8 = 160 kB; the inner solves allocate
        // their results, the same every time.
        Assert.True(Math.Abs(second - first) <= 1024, $"two warm nested solves allocated {first} and {second} bytes");
    }

    /// <summary>The inner computation: a solve or a gradient of Lotka–Volterra (state size 2, like the outer one).</summary>
    private static double InnerValue(string operation, bool batched)
    {
        double[] y0 = [1.0, 1.0];
        double[] saveAt = [0.0, 0.25, 0.5];
        IDifferentiableSystem<double> system = batched ? new BatchedLotkaVolterra() : new PredatorPrey();
        if (operation == "Solve")
        {
            return 1 + (0.01 * Ode.Solve(system, new Tsit5(), y0, saveAt, InnerOptions)[2, 0, 0]);
        }

        double[] dLdY = [0, 0, 0.5, 0, 1, -1];
        Gradient<double> g = Ode.Gradient(system, new Tsit5(), y0, saveAt, dLdY, InnerOptions, Enum.Parse<AdjointMethod>(operation));
        return 1 + (0.01 * (g.Parameters[0] + g.InitialState[1]));
    }

    /// <summary>The outer computation's results, concatenated: the solution's states, and for a gradient dL/dθ and dL/dy₀.</summary>
    private static double[] Outer(string operation, bool batched, Func<double> scale)
    {
        IDifferentiableSystem<double> system = batched ? new BatchedScaledLotkaVolterra(scale) : new ScaledLotkaVolterra(scale);
        if (operation == "Solve")
        {
            return Ode.Solve(system, new Tsit5(), Y0, SaveAt).States.ToArray();
        }

        var dLdY = new double[SaveAt.Length * Y0.Length];
        for (int i = 0; i < dLdY.Length; i++)
        {
            dLdY[i] = Math.Cos(i);
        }

        Gradient<double> g = Ode.Gradient(system, new Tsit5(), Y0, SaveAt, dLdY, null, Enum.Parse<AdjointMethod>(operation));
        return [.. g.Solution.States, .. g.Parameters, .. g.InitialState];
    }

    private static Solution<double> OuterSolve(double[] y0, Func<double> scale) =>
        Ode.Solve(new BatchedScaledLotkaVolterra(scale), new Tsit5(), y0, SaveAt, OnThisThread);

    private static double[] ManyLanes(int lanes)
    {
        var y0 = new double[2 * lanes];
        for (int i = 0; i < y0.Length; i++)
        {
            y0[i] = 0.5 + (0.001 * i);
        }

        return y0;
    }

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void AssertBitwiseEqual(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"value {i} differs: {expected[i]:R} without nesting, {actual[i]:R} with a nested solve");
            }
        }
    }
}
