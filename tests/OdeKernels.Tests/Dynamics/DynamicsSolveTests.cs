using System;
using System.Numerics;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>Generated networks drive the solver like any other system.</summary>
public sealed class DynamicsSolveTests
{
    private static readonly float[] SpiralStarts = [2f, 0f, -1.5f, 0.5f, 0.3f, -0.7f, 1f, 1f, -0.2f, -2f];

    [Fact]
    public void SpiralNetSolvesLikeItsScalarAdapter()
    {
        float[] saveAt = [0f, 0.25f, 0.5f, 1f, 2f];
        var options = new SolverOptions { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 };

        Solution<float> batched = Ode.Solve(new SpiralNet(seed: 0), new Tsit5(), SpiralStarts, saveAt, options);
        Solution<float> scalar = Ode.Solve(new ScalarAdapter<float>(new SpiralNet(seed: 0)), new Tsit5(), SpiralStarts, saveAt, options);

        Assert.Equal(5, batched.Lanes);
        Assert.Equal(scalar.States.Length, batched.States.Length);
        for (int i = 0; i < batched.States.Length; i++)
        {
            Assert.True(float.IsFinite(batched.States[i]));
            Assert.True(Math.Abs(batched.States[i] - scalar.States[i]) <= 1e-5f * (1 + Math.Abs(scalar.States[i])), $"state {i}: {batched.States[i]} vs {scalar.States[i]}");
        }

        // The flow moves the states (a zero right-hand side would pass the comparison above).
        Assert.NotEqual(batched.State(0, 0).ToArray(), batched.State(4, 0).ToArray());
    }

    [Fact]
    public void SpiralNet64SolvesLikeTheReferenceNetwork()
    {
        var net = new SpiralNet64(seed: 0);
        var reference = new ReferenceSystem(ReferenceNetwork.Spiral, DynamicsTestData.ToDouble<double>(net.Parameters));
        double[] y0 = DynamicsTestData.ToDouble<float>(SpiralStarts);
        double[] saveAt = [0, 0.5, 1, 2];
        var options = new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 };

        Solution<double> generated = Ode.Solve(net, new Tsit5(), y0, saveAt, options);
        Solution<double> expected = Ode.Solve(reference, new Tsit5(), y0, saveAt, options);

        for (int i = 0; i < generated.States.Length; i++)
        {
            Assert.True(Math.Abs(generated.States[i] - expected.States[i]) <= 1e-8 * (1 + Math.Abs(expected.States[i])), $"state {i}: {generated.States[i]:R} vs {expected.States[i]:R}");
        }
    }

    /// <summary>A plain one-lane system around another, hiding its batched interface from the solver.</summary>
    private sealed class ScalarAdapter<T>(IOdeSystem<T> inner) : IOdeSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int StateSize => inner.StateSize;

        public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt) => inner.Evaluate(t, y, dydt);
    }

    /// <summary>The float64 reference network as a one-lane system.</summary>
    private sealed class ReferenceSystem(ReferenceNetwork network, double[] theta) : IOdeSystem<double>
    {
        public int StateSize => network.StateSize;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => network.Forward(theta, t, y).CopyTo(dydt);
    }
}
