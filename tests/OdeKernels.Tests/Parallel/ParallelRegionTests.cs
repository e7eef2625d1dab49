using System;
using System.Diagnostics;
using System.Threading;
using OdeKernels.Solving;
using Tasks = System.Threading.Tasks;

namespace OdeKernels.Tests.Parallel;

/// <summary>
/// How a parallel solve meets its surroundings: the option's validation, a caller that is itself parallel, a solve
/// nested in a block, and failures (the lowest failing lane's, whatever the thread count).
/// </summary>
public sealed class ParallelRegionTests
{
    [Fact]
    public void ANegativeDegreeOfParallelismIsRefusedByName()
    {
        var options = new SolverOptions { MaxDegreeOfParallelism = -2 };
        ArgumentException e = Assert.Throws<ArgumentException>(() => Ode.Solve(new SpiralNet64(1), new Tsit5(), [1.0, 0.0], [0.0, 1.0], options));
        Assert.Equal("options.MaxDegreeOfParallelism", e.ParamName);
        Assert.Contains("-2", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, SolverOptions.Default.MaxDegreeOfParallelism);
    }

    [Fact]
    public void SolvesInsideACallersParallelForFinishAndMatchTheSequentialOnes()
    {
        var system = new SpiralNet(seed: 3);
        float[] y0 = ThreadCountDeterminismTests.Starts<float>(1000), saveAt = [0f, 0.5f];
        long[] expected = ThreadCountDeterminismTests.Bits(Ode.Solve(system, new Tsit5(), y0, saveAt, new SolverOptions { MaxDegreeOfParallelism = 1 }).States.ToArray());
        var results = new long[16][];
        var clock = Stopwatch.StartNew();
        Tasks.Parallel.For(0, results.Length, i => results[i] = ThreadCountDeterminismTests.Bits(Ode.Solve(system, new Tsit5(), y0, saveAt).States.ToArray()));
        clock.Stop();
        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"16 nested parallel solves took {clock.Elapsed}");
    }

    [Fact]
    public void ASolveNestedInABlockRunsOnTheBlocksThread()
    {
        // The outer solve has 3 blocks on up to 3 threads; every evaluation solves 600 lanes (3 blocks) inside it.
        var inner = new ThreadCheckingSystem();
        var outer = new NestingSystem(inner);
        double[] y0 = new double[600];
        y0.AsSpan().Fill(1.0);
        var options = new SolverOptions { FixedStep = 0.1, MaxDegreeOfParallelism = 3 };
        _ = Ode.Solve(outer, new Rk4(), y0, [0.0, 0.1], options);
        Assert.True(inner.Evaluations > 0);
        Assert.Equal(0, inner.ForeignThreadEvaluations);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void TheLowestFailingLaneIsReportedOnEveryThreadCount(int threads)
    {
        // Lanes 300 (block 1) and 900 (block 3) blow up at once; block 3 may well finish first on several threads.
        double[] y0 = new double[1000];
        y0.AsSpan().Fill(0.1);
        y0[300] = y0[900] = 50.0;
        var options = new SolverOptions { FixedStep = 0.05, MaxDegreeOfParallelism = threads };
        OdeSolveException e = Assert.Throws<OdeSolveException>(() => Ode.Solve(new Blowup(), new Rk4(), y0, [0.0, 1.0], options));
        Assert.Equal(300, e.Lane);
        Assert.Contains("Lane 300", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneBlockRunsOnTheCallersThread()
    {
        var system = new ThreadCheckingSystem();
        double[] y0 = new double[LaneBlocks.Lanes];
        y0.AsSpan().Fill(1.0);
        system.Owner = Environment.CurrentManagedThreadId;
        _ = Ode.Solve(system, new Rk4(), y0, [0.0, 0.5], new SolverOptions { FixedStep = 0.1, MaxDegreeOfParallelism = 8 });
        Assert.Equal(0, system.ForeignThreadEvaluations);
    }

    /// <summary>y' = −y, counting evaluations made on a thread other than <see cref="Owner"/> (the one that started the solve).</summary>
    private sealed class ThreadCheckingSystem : IBatchedOdeSystem<double>
    {
        private int _evaluations;
        private int _foreign;

        [ThreadStatic]
        private static int t_owner;

        public int StateSize => 1;

        public int Owner { set => t_owner = value; }

        public int Evaluations => _evaluations;

        public int ForeignThreadEvaluations => _foreign;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -y[0];

        public void EvaluateBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> dydt, int count, int stride)
        {
            Interlocked.Increment(ref _evaluations);
            if (t_owner != Environment.CurrentManagedThreadId)
            {
                Interlocked.Increment(ref _foreign);
            }

            for (int i = 0; i < count; i++)
            {
                dydt[i] = -y[i];
            }
        }
    }

    /// <summary>y' = −y, solving 600 lanes of <see cref="ThreadCheckingSystem"/> from this thread at every evaluation.</summary>
    private sealed class NestingSystem(ThreadCheckingSystem inner) : IBatchedOdeSystem<double>
    {
        public int StateSize => 1;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -y[0];

        public void EvaluateBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> dydt, int count, int stride)
        {
            inner.Owner = Environment.CurrentManagedThreadId;
            double[] y0 = new double[600];
            y0.AsSpan().Fill(0.5);
            _ = Ode.Solve(inner, new Rk4(), y0, [0.0, 0.2], new SolverOptions { FixedStep = 0.1 });
            for (int i = 0; i < count; i++)
            {
                dydt[i] = -y[i];
            }
        }
    }

    /// <summary>y' = y², which leaves the finite numbers within a second from y = 50 (at t = 0.02) but not from y = 0.1 (t = 10).</summary>
    private sealed class Blowup : IOdeSystem<double>
    {
        public int StateSize => 1;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = y[0] * y[0];
    }
}
