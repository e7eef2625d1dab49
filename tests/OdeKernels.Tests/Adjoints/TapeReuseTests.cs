using System;
using OdeKernels.Adjoints;

namespace OdeKernels.Tests.Adjoints;

/// <summary>
/// The discrete adjoints keep their tapes, checkpoints and replay segments per thread (<c>AdjointTapes</c>): after a
/// warm-up call, a gradient of the same shape allocates the same bytes whatever its number of steps, reused tapes give
/// the bits of fresh ones, and <see cref="Ode.ReleaseThreadBuffers"/> gives the memory back. Each path: the batched
/// lockstep reversal (a batched system), the lane-by-lane one (a hand-written system, many lanes) and the single-lane
/// integrator (one lane).
/// </summary>
public sealed class TapeReuseTests
{
    public enum Path
    {
        Batched,
        HandWritten,
        OneLane,
    }

    private static readonly double[] SaveAt = [0.0, 0.5, 1.0];

    /// <summary>Every path with each discrete adjoint.</summary>
    public static TheoryData<Path, AdjointMethod> Cases()
    {
        var cases = new TheoryData<Path, AdjointMethod>();
        foreach (Path path in Enum.GetValues<Path>())
        {
            cases.Add(path, AdjointMethod.Direct);
            cases.Add(path, AdjointMethod.Checkpointed);
        }

        return cases;
    }

    private static double[] Starts(int lanes)
    {
        var y0 = new double[2 * lanes];
        for (int i = 0; i < y0.Length; i++)
        {
            y0[i] = 1.0 + (0.001 * i);
        }

        return y0;
    }

    private static Gradient<double> Run(Path path, AdjointMethod method, int steps, int lanes = 0)
    {
        lanes = lanes > 0 ? lanes : path switch { Path.Batched => 300, Path.HandWritten => 40, _ => 1 };
        double[] y0 = Starts(lanes);
        var dLdY = new double[SaveAt.Length * y0.Length];
        for (int i = 0; i < dLdY.Length; i++)
        {
            dLdY[i] = 0.1 + (0.01 * (i % 7));
        }

        // One thread: every block runs on this one, whose allocations GetAllocatedBytesForCurrentThread counts.
        var options = new SolverOptions { FixedStep = 1.0 / steps, MaxSteps = 2 * steps, MaxDegreeOfParallelism = 1 };
        return path == Path.Batched
            ? Ode.Gradient(new BatchedLotkaVolterra(), new Rk4(), y0, SaveAt, dLdY, options, method)
            : Ode.Gradient(new PredatorPrey(), new Rk4(), y0, SaveAt, dLdY, options, method);
    }

    /// <summary>
    /// The bytes one warm call allocates on this thread: the least of three calls, because a call may also carry the
    /// runtime's one-off allocations (a method's tier-up landing in it while the full suite loads the machine: one CI
    /// run saw 2.8 KB once); a call that allocates per step does so every time.
    /// </summary>
    private static long Bytes(Path path, AdjointMethod method, int steps)
    {
        Run(path, method, steps); // warm up: the thread's workspaces and tapes
        long least = long.MaxValue;
        for (int call = 0; call < 3; call++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(path, method, steps);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AllocationPerCallDoesNotGrowWithTheSteps(Path path, AdjointMethod method)
    {
        long few = Bytes(path, method, 100), many = Bytes(path, method, 2_000);
        // A fresh tape of the 2,000-step call alone would be 1,900 more steps × 2 doubles per lane.
        Assert.True(many - few <= 1024, $"{path} {method}: {few} bytes at 100 steps, {many} at 2,000");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReusedTapesGiveTheBitsOfFreshOnes(Path path, AdjointMethod method)
    {
        Ode.ReleaseThreadBuffers();
        Gradient<double> fresh = Run(path, method, 150, lanes: path == Path.OneLane ? 1 : 37);

        // Leave longer tapes of more lanes behind, then the same call again.
        Run(path, method, 1_000);
        Gradient<double> reused = Run(path, method, 150, lanes: path == Path.OneLane ? 1 : 37);

        Assert.Equal(fresh.Parameters, reused.Parameters);
        Assert.Equal(fresh.InitialState, reused.InitialState);
        Assert.Equal(fresh.BackwardStats, reused.BackwardStats);
    }

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Checkpointed)]
    public void ReleaseThreadBuffersGivesTheTapesBack(AdjointMethod method)
    {
        const int Steps = 2_000;
        long kept = Bytes(Path.Batched, method, Steps);
        Ode.ReleaseThreadBuffers();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(Path.Batched, method, Steps);
        long released = GC.GetAllocatedBytesForCurrentThread() - before;
        // Direct tapes every step of 300 lanes (2 doubles each); Checkpointed at least the replayed segments (~2√N steps).
        long tape = method == AdjointMethod.Direct ? 300L * Steps * 2 * sizeof(double) : 300L * 2 * 44 * 2 * sizeof(double);
        Assert.True(released - kept >= tape, $"{method}: {kept} bytes with the thread's tapes kept, {released} after releasing them");
    }

    [Fact]
    public void AKeptTapeGivesBackWhatAMuchLongerCallGrew()
    {
        var tape = new StepBuffer<double>(2);
        double[] y = [1.0, 2.0];
        for (int k = 0; k < 10_000; k++)
        {
            tape.Add(k, 1.0, 0, 0, false, y);
        }

        tape.Clear();
        tape.Trim(AdjointTapes<double>.SlackFactor);
        Assert.True(tape.Capacity >= 10_000, $"a tape used for 10,000 steps was trimmed to {tape.Capacity}");

        for (int k = 0; k < 100; k++)
        {
            tape.Add(k, 1.0, 0, 0, false, y);
        }

        tape.Clear();
        tape.Trim(AdjointTapes<double>.SlackFactor);
        Assert.InRange(tape.Capacity, 100, 100 * AdjointTapes<double>.SlackFactor);
    }
}
