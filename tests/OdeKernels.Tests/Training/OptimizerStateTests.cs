using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>Exported state resumes bit for bit; loading refuses malformed state without changing anything; steps allocate nothing.</summary>
public sealed class OptimizerStateTests
{
    [Theory]
    [MemberData(nameof(OptimizerTests.OptimizerNames), MemberType = typeof(OptimizerTests))]
    public void ResumingFromExportedStateIsBitIdentical(string name)
    {
        ResumeIsBitIdentical<float>(name);
        ResumeIsBitIdentical<double>(name);
    }

    [Fact]
    public void StateNamesAreTheDocumentedBuffers()
    {
        Assert.Equal(["m", "v"], new Adam<float>(2).State.Select(s => s.Name));
        Assert.Equal(["m", "v"], new AdamW<float>(2).State.Select(s => s.Name));
        Assert.Equal(["momentum"], new Sgd<float>(2, 0.5).State.Select(s => s.Name));
        Assert.Empty(new Sgd<float>(2).State);
    }

    [Fact]
    public void StateIsACopy()
    {
        var adam = new Adam<double>(2);
        double[] theta = [1, 2];
        adam.Step(theta, [1, 1], 0.1);
        adam.State[0].Values[0] = 1e9;
        Assert.NotEqual(1e9, adam.State[0].Values[0]);
    }

    [Fact]
    public void LoadStateRefusesMalformedStateAndChangesNothing()
    {
        var adam = new Adam<double>(2);
        double[] theta = [1, 2];
        adam.Step(theta, [1, -1], 0.1);
        IReadOnlyList<(string Name, double[] Values)> before = adam.State;

        AssertRefused(adam, [("m", [0, 0])], 1, "lacks the buffer 'v'");
        AssertRefused(adam, [("m", [0, 0]), ("v", [0, 0]), ("w", [0, 0])], 1, "unknown buffer 'w'");
        AssertRefused(adam, [("m", [0, 0]), ("m", [0, 0]), ("v", [0, 0])], 1, "'m' twice");
        AssertRefused(adam, [("m", [0, 0, 0]), ("v", [0, 0])], 1, "its length is 3");
        AssertRefused(adam, [("m", [0, double.NaN]), ("v", [0, 0])], 1, "NaN");
        var ex = Assert.Throws<ArgumentException>(() => adam.LoadState([("m", [0.0, 0]), ("v", [0.0, 0])], -1));
        Assert.Equal("stepCount", ex.ParamName);

        Assert.Equal(1, adam.StepCount);
        Assert.Equal(before[0].Values, adam.State[0].Values);
        Assert.Equal(before[1].Values, adam.State[1].Values);
    }

    [Fact]
    public void NonFiniteGradientIsRefusedBeforeTheStateChanges()
    {
        var adam = new Adam<float>(3);
        float[] theta = [1, 2, 3];
        var ex = Assert.Throws<ArgumentException>(() => adam.Step(theta, [0.5f, float.NaN, 1f], 0.1));
        Assert.Equal("gradient", ex.ParamName);
        Assert.Contains("gradient[1] is NaN", ex.Message);
        Assert.Equal(0, adam.StepCount);
        Assert.Equal([1f, 2f, 3f], theta);
        Assert.All(adam.State, s => Assert.All(s.Values, v => Assert.Equal(0f, v)));
    }

    [Theory]
    [MemberData(nameof(OptimizerTests.OptimizerNames), MemberType = typeof(OptimizerTests))]
    public void StepsAllocateNothing(string name)
    {
        IOptimizer<float> optimizer = OptimizerTests.Create<float>(name, 1000);
        float[] theta = new float[1000], g = new float[1000];
        g.AsSpan().Fill(0.25f);
        optimizer.Step(theta, g, 1e-3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            optimizer.Step(theta, g, 1e-3);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertRefused(Adam<double> adam, (string, double[])[] state, long step, string fragment)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => adam.LoadState(state, step));
        Assert.Contains(fragment, ex.Message);
    }

    private static void ResumeIsBitIdentical<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Count = 7;
        List<double[]> gradients = OptimizerTests.Gradients(20, Count, seed: 42);
        T[] straight = Enumerable.Range(0, Count).Select(i => T.CreateChecked(i - 3.5)).ToArray();
        T[] resumed = (T[])straight.Clone();

        IOptimizer<T> uninterrupted = OptimizerTests.Create<T>(name, Count);
        IOptimizer<T> first = OptimizerTests.Create<T>(name, Count);
        for (int k = 0; k < 20; k++)
        {
            uninterrupted.Step(straight, Convert<T>(gradients[k]), 0.01);
        }

        for (int k = 0; k < 11; k++)
        {
            first.Step(resumed, Convert<T>(gradients[k]), 0.01);
        }

        IOptimizer<T> second = OptimizerTests.Create<T>(name, Count);
        second.LoadState(first.State, first.StepCount);
        for (int k = 11; k < 20; k++)
        {
            second.Step(resumed, Convert<T>(gradients[k]), 0.01);
        }

        Assert.Equal(uninterrupted.StepCount, second.StepCount);
        for (int i = 0; i < Count; i++)
        {
            Assert.Equal(BitsOf(straight[i]), BitsOf(resumed[i]));
        }
    }

    private static T[] Convert<T>(double[] values)
        where T : unmanaged, IFloatingPointIeee754<T> => values.Select(T.CreateChecked).ToArray();

    private static long BitsOf<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> => value is float f ? BitConverter.SingleToInt32Bits(f) : BitConverter.DoubleToInt64Bits(double.CreateChecked(value));
}
