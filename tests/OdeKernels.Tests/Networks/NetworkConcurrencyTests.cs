using System;
using System.Numerics;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Networks;

/// <summary>
/// One generated network instance used from several threads at once gives, call by call, bit for bit what the same
/// calls give one after another: the scratch of a call belongs to its thread, and the instance holds only θ.
/// </summary>
public sealed class NetworkConcurrencyTests
{
    private const int Threads = 8;

    [Fact]
    public void SharedFloatInstanceGivesSequentialResults() => Check(new ResidualNet(seed: 3), repetitions: 400);

    [Fact]
    public void SharedDoubleInstanceGivesSequentialResults() => Check(new ResidualNet64(seed: 4), repetitions: 400);

    /// <summary>Each thread has its own samples and sample count; the expected results come from calls made one at a time first.</summary>
    private static void Check<T>(INetwork<T> net, int repetitions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputs = net.Inputs, outputs = net.Outputs, p = net.ParameterCount;
        var x = new T[Threads][];
        var a = new T[Threads][];
        var expected = new T[Threads][];
        for (int k = 0; k < Threads; k++)
        {
            var random = new Random(200 + k);
            int count = 1 + (5 * k);
            x[k] = DynamicsTestData.Uniform<T>(random, count * inputs, 2.0);
            a[k] = DynamicsTestData.Uniform<T>(random, count * outputs, 1.0);
            expected[k] = new T[(count * (outputs + inputs)) + p];
            Compute(net, x[k], a[k], count, expected[k]);
        }

        ConcurrentCalls.Run(Threads, k =>
        {
            var actual = new T[expected[k].Length];
            for (int r = 0; r < repetitions; r++)
            {
                Compute(net, x[k], a[k], 1 + (5 * k), actual);
                ConcurrentCalls.AssertBitwiseEqual<T>(expected[k], actual, $"thread {k}, repetition {r}, Forward then Vjp (y, dx, dtheta)");
            }
        });
    }

    /// <summary>Forward's y, then Vjp's dx and dtheta, into one cleared buffer (the VJP adds).</summary>
    private static void Compute<T>(INetwork<T> net, T[] x, T[] a, int count, T[] results)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Array.Clear(results);
        Span<T> r = results;
        int y = count * net.Outputs, dx = count * net.Inputs;
        net.Forward(x, r.Slice(0, y), count);
        net.Vjp(x, a, r.Slice(y, dx), r.Slice(y + dx, net.ParameterCount), count);
    }
}
