using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace OdeKernels.Tests.Dynamics;

/// <summary>Runs a body on several threads released together, and compares results bit for bit.</summary>
internal static class ConcurrentCalls
{
    /// <summary>
    /// Runs <paramref name="body"/>(k) for k in [0, <paramref name="threads"/>) on as many dedicated threads, released
    /// together by a barrier (dedicated threads, so the barrier never waits for the thread pool to grow); rethrows the
    /// first failure.
    /// </summary>
    public static void Run(int threads, Action<int> body)
    {
        using var barrier = new Barrier(threads);
        Exception? failure = null;
        var workers = new Thread[threads];
        for (int k = 0; k < threads; k++)
        {
            int index = k;
            workers[k] = new Thread(() =>
            {
                try
                {
                    barrier.SignalAndWait();
                    body(index);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
            });
            workers[k].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        if (failure is not null)
        {
            throw new InvalidOperationException("A concurrent call failed: " + failure.Message, failure);
        }
    }

    /// <summary>Fails unless the two spans hold the same bits.</summary>
    public static void AssertBitwiseEqual<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what)
        where T : unmanaged
    {
        ReadOnlySpan<byte> e = MemoryMarshal.AsBytes(expected), a = MemoryMarshal.AsBytes(actual);
        if (!e.SequenceEqual(a))
        {
            int size = Marshal.SizeOf<T>(), at = 0;
            while (at < expected.Length && e.Slice(at * size, size).SequenceEqual(a.Slice(at * size, size)))
            {
                at++;
            }

            Assert.Fail($"{what}: element {at} is {actual[at]}, but a call alone gives {expected[at]}.");
        }
    }
}
