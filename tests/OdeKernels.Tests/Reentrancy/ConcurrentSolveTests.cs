using System;
using System.Linq;
using System.Threading;
using OdeKernels.Tests.Adjoints;

namespace OdeKernels.Tests.Reentrancy;

/// <summary>
/// Solves and gradients on many threads at once, sharing one immutable system, give bit for bit what they give alone:
/// each call works in buffers of its own.
/// </summary>
public sealed class ConcurrentSolveTests
{
    private static readonly double[] SaveAt = [0.0, 0.5, 1.0];
    private static readonly AdjointMethod[] Methods = [AdjointMethod.Direct, AdjointMethod.Checkpointed, AdjointMethod.Backsolve];

    private static double[] Starts(int lanes, int seed)
    {
        var y0 = new double[2 * lanes];
        for (int i = 0; i < y0.Length; i++)
        {
            y0[i] = 0.5 + (0.01 * ((i + seed) % 97));
        }

        return y0;
    }

    private static double[] Work(IDifferentiableSystem<double> system, int job)
    {
        // Different batch sizes per job, so threads grow and shrink their buffers differently.
        double[] y0 = Starts(1 + (job % 5 * 7), job);
        double[] dLdY = new double[SaveAt.Length * y0.Length];
        dLdY.AsSpan().Fill(0.1);
        AdjointMethod method = Methods[job % Methods.Length];
        Gradient<double> g = Ode.Gradient(system, new Tsit5(), y0, SaveAt, dLdY, null, method);
        double[] solved = Ode.Solve(system, new Tsit5(), y0, SaveAt).States.ToArray();
        return [.. solved, .. g.Parameters, .. g.InitialState];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConcurrentCallsSharingOneSystemMatchTheSequentialResults(bool batched)
    {
        IDifferentiableSystem<double> shared = batched ? new BatchedLotkaVolterra() : new PredatorPrey();
        const int jobs = 24;
        double[][] expected = Enumerable.Range(0, jobs).Select(j => Work(shared, j)).ToArray();
        var actual = new double[jobs][];
        const int workers = 4;
        using var start = new Barrier(workers);
        Exception? failure = null;
        Thread[] threads = Enumerable.Range(0, workers).Select(worker => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (int j = worker; j < jobs; j += workers)
                {
                    actual[j] = Work(shared, j);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Null(failure);

        for (int j = 0; j < jobs; j++)
        {
            Assert.True(
                expected[j].Select(BitConverter.DoubleToInt64Bits).SequenceEqual(actual[j].Select(BitConverter.DoubleToInt64Bits)),
                $"job {j} differs when run concurrently");
        }
    }
}
