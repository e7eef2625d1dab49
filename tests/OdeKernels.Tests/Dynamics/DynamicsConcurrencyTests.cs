using System;
using System.Numerics;

namespace OdeKernels.Tests.Dynamics;

/// <summary>
/// One generated dynamics instance used from several threads at once gives, call by call, bit for bit what the same
/// calls give one after another: the scratch of a call belongs to its thread, and the instance holds only θ.
/// </summary>
public sealed class DynamicsConcurrencyTests
{
    private const int Threads = 8;

    [Fact]
    public void SharedFloatInstanceGivesSequentialResults() => Check(new SpiralNet(seed: 3), repetitions: 400);

    [Fact]
    public void SharedFloatInstanceWithTimeInputGivesSequentialResults() => Check(new TimeNet(seed: 4), repetitions: 400);

    [Fact]
    public void SharedDoubleInstanceGivesSequentialResults() => Check(new MixedNet64(seed: 5), repetitions: 300);

    /// <summary>A network whose tiles add their parameter gradients straight into dtheta (no per-lane sums).</summary>
    [Fact]
    public void SharedWideInstanceGivesSequentialResults() => Check(new WideNet64(seed: 6), repetitions: 6);

    /// <summary>
    /// Each thread has its own inputs and lane count (so its tiles differ from the others'); the expected results come
    /// from calls made one at a time before the threads start. Each thread then repeats every call of the surface.
    /// </summary>
    private static void Check<T>(IBatchedDifferentiableSystem<T> net, int repetitions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = net.StateSize, p = net.ParameterCount;
        var inputs = new Case<T>[Threads];
        for (int k = 0; k < Threads; k++)
        {
            var random = new Random(100 + k);
            int count = 1 + (5 * k);
            var c = new Case<T>(count, n, p)
            {
                Times = DynamicsTestData.Uniform<T>(random, count, 1.0),
                Y = DynamicsTestData.Uniform<T>(random, n * count, 2.0),
                A = DynamicsTestData.Uniform<T>(random, n * count, 1.0),
            };
            c.Compute(net, c.ExpectedF, c.ExpectedDy, c.ExpectedDtheta, c.ExpectedBoth, c.ExpectedSingle);
            inputs[k] = c;
        }

        ConcurrentCalls.Run(Threads, k =>
        {
            Case<T> c = inputs[k];
            var f = new T[c.ExpectedF.Length];
            var dy = new T[c.ExpectedDy.Length];
            var dtheta = new T[p];
            var both = new T[c.ExpectedBoth.Length];
            var single = new T[c.ExpectedSingle.Length];
            for (int r = 0; r < repetitions; r++)
            {
                c.Compute(net, f, dy, dtheta, both, single);
                string what = $"thread {k}, repetition {r}";
                ConcurrentCalls.AssertBitwiseEqual<T>(c.ExpectedF, f, what + ", EvaluateBatch");
                ConcurrentCalls.AssertBitwiseEqual<T>(c.ExpectedDy, dy, what + ", VjpBatch dy");
                ConcurrentCalls.AssertBitwiseEqual<T>(c.ExpectedDtheta, dtheta, what + ", VjpBatch dtheta");
                ConcurrentCalls.AssertBitwiseEqual<T>(c.ExpectedBoth, both, what + ", EvaluateAndVjpBatch");
                ConcurrentCalls.AssertBitwiseEqual<T>(c.ExpectedSingle, single, what + ", Evaluate and Vjp");
            }
        });
    }

    private sealed class Case<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Case(int count, int n, int p)
        {
            Count = count;
            ExpectedF = new T[n * count];
            ExpectedDy = new T[n * count];
            ExpectedDtheta = new T[p];
            ExpectedBoth = new T[(2 * n * count) + p];
            ExpectedSingle = new T[(2 * n) + p];
        }

        public int Count { get; }

        public T[] Times { get; init; } = [];

        public T[] Y { get; init; } = [];

        public T[] A { get; init; } = [];

        public T[] ExpectedF { get; }

        public T[] ExpectedDy { get; }

        public T[] ExpectedDtheta { get; }

        /// <summary>EvaluateAndVjpBatch's f, dy and dtheta, one after another.</summary>
        public T[] ExpectedBoth { get; }

        /// <summary>Evaluate's f and Vjp's dy and dtheta for lane 0 alone.</summary>
        public T[] ExpectedSingle { get; }

        /// <summary>Every call of the surface on this case's inputs; the outputs are cleared first (the VJPs add).</summary>
        public void Compute(IBatchedDifferentiableSystem<T> net, T[] f, T[] dy, T[] dtheta, T[] both, T[] single)
        {
            int n = net.StateSize, p = net.ParameterCount, count = Count;
            Array.Clear(dy);
            Array.Clear(dtheta);
            Array.Clear(both);
            Array.Clear(single);
            net.EvaluateBatch(Times, Y, f, count, count);
            net.VjpBatch(Times, Y, A, dy, dtheta, count, count);
            Span<T> b = both;
            net.EvaluateAndVjpBatch(Times, Y, A, b.Slice(0, n * count), b.Slice(n * count, n * count), b.Slice(2 * n * count, p), count, count);
            T[] y0 = DynamicsTestData.Lane<T>(Y, 0, n, count), a0 = DynamicsTestData.Lane<T>(A, 0, n, count);
            Span<T> s = single;
            net.Evaluate(Times[0], y0, s.Slice(0, n));
            net.Vjp(Times[0], y0, a0, s.Slice(n, n), s.Slice(2 * n, p));
        }
    }
}
