using System;
using System.Threading;
using OdeKernels.Tests.Networks;

namespace OdeKernels.Tests.Dynamics;

/// <summary>
/// What a generated network costs in memory: an instance holds its parameters and nothing else, and a thread's first
/// call adds scratch bounded by the widest layers (never P × lanes); later calls allocate nothing.
/// </summary>
public sealed class InstanceMemoryTests
{
    /// <summary>Slack for the object headers, the type's static tables and the random generator.</summary>
    private const long Fixed = 64 * 1024;

    /// <summary>
    /// A thread's scratch: a tile of a few rows per unit of the widest layers (about 6 000 rows of 16 lanes here) and,
    /// only below a cap of 64 Ki values, per-lane parameter gradients. A million parameters must not show in it.
    /// </summary>
    private const long ScratchBound = 1024 * 1024;

    [Fact]
    public void DynamicsInstanceHoldsOnlyItsParameters()
    {
        OnFreshThread(() =>
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            var net = new HugeNet(seed: 1);
            long constructed = GC.GetAllocatedBytesForCurrentThread() - start;
            int p = net.ParameterCount;
            Assert.True(constructed <= ((long)p * sizeof(float)) + Fixed, $"Constructing {p} parameters allocated {constructed} bytes.");

            var t = new float[1];
            float[] y = { 0.5f, -0.25f }, a = { 1f, -1f };
            var dy = new float[2];
            var dtheta = new float[p];
            long before = GC.GetAllocatedBytesForCurrentThread();
            net.VjpBatch(t, y, a, dy, dtheta, 1, 1);
            long first = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(first <= ScratchBound, $"The first VJP allocated {first} bytes of scratch.");

            before = GC.GetAllocatedBytesForCurrentThread();
            net.VjpBatch(t, y, a, dy, dtheta, 1, 1);
            net.EvaluateBatch(t, y, dy, 1, 1);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        });
    }

    [Fact]
    public void NetworkInstanceHoldsOnlyItsParameters()
    {
        OnFreshThread(() =>
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            var net = new HugeNetwork64(seed: 1);
            long constructed = GC.GetAllocatedBytesForCurrentThread() - start;
            int p = net.ParameterCount;
            Assert.True(constructed <= ((long)p * sizeof(double)) + Fixed, $"Constructing {p} parameters allocated {constructed} bytes.");

            double[] x = { 0.5, -0.25 }, a = { 1, -1 };
            var dx = new double[2];
            var dtheta = new double[p];
            long before = GC.GetAllocatedBytesForCurrentThread();
            net.Vjp(x, a, dx, dtheta, 1);
            long first = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(first <= ScratchBound, $"The first VJP allocated {first} bytes of scratch.");

            before = GC.GetAllocatedBytesForCurrentThread();
            net.Vjp(x, a, dx, dtheta, 1);
            net.Forward(x, dx, 1);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        });
    }

    /// <summary>A small network keeps per-lane gradients per thread, made once: later calls allocate nothing.</summary>
    [Fact]
    public void SmallNetworkAllocatesNothingAfterItsFirstCall()
    {
        OnFreshThread(() =>
        {
            var net = new SpiralNet(seed: 2);
            var t = new float[40];
            var random = new Random(5);
            float[] y = DynamicsTestData.Uniform<float>(random, 80, 1.0), a = DynamicsTestData.Uniform<float>(random, 80, 1.0);
            var f = new float[80];
            var dy = new float[80];
            var dtheta = new float[net.ParameterCount];
            net.EvaluateAndVjpBatch(t, y, a, f, dy, dtheta, 40, 40);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int r = 0; r < 10; r++)
            {
                net.EvaluateAndVjpBatch(t, y, a, f, dy, dtheta, 40, 40);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        });
    }

    /// <summary>Runs <paramref name="body"/> on a new thread, so the scratch it finds is the thread's first.</summary>
    private static void OnFreshThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException(failure.Message, failure);
        }
    }
}
