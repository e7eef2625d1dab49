using System;
using System.Collections.Generic;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>Optimizer updates against the papers' formulas written out in double, and their convergence.</summary>
public sealed class OptimizerTests
{
    private static readonly double[] Gradients1 = [0.5, -1.25, 3.0, 1e-3];
    private static readonly double[] Gradients2 = [-0.25, 0.75, -2.0, 4.0];

    [Fact]
    public void AdamFollowsKingmaAndBaAlgorithm1()
    {
        double lr = 0.01, b1 = 0.8, b2 = 0.95, eps = 1e-6;
        double[] theta = [1, 2, -3, 0.5];
        double[] expected = (double[])theta.Clone();
        double[] m = new double[4], v = new double[4];
        var adam = new Adam<double>(4, b1, b2, eps);
        double[][] gradients = [Gradients1, Gradients2, Gradients1];
        for (int t = 1; t <= gradients.Length; t++)
        {
            double[] g = gradients[t - 1];
            adam.Step(theta, g, lr);
            for (int i = 0; i < 4; i++)
            {
                m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
                v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
                double mHat = m[i] / (1 - Math.Pow(b1, t)), vHat = v[i] / (1 - Math.Pow(b2, t));
                expected[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], theta[i], 1e-14);
        }

        Assert.Equal(3, adam.StepCount);
    }

    [Fact]
    public void AdamFirstStepMovesEachParameterByTheLearningRate()
    {
        // With bias correction m̂₁ = g and v̂₁ = g², so the first step is lr · sign(g) (up to ε).
        float[] theta = [0, 0, 0];
        new Adam<float>(3).Step(theta, [10f, -0.001f, 3f], 0.1);
        Assert.Equal(-0.1f, theta[0], 1e-6f);
        Assert.Equal(0.1f, theta[1], 1e-4f);
        Assert.Equal(-0.1f, theta[2], 1e-6f);
    }

    [Fact]
    public void AdamWDecaysWeightsDecoupledFromTheGradient()
    {
        double lr = 0.05, wd = 0.1;
        double[] withDecay = [1, -2, 3, 4], without = (double[])withDecay.Clone();
        var adamW = new AdamW<double>(4, wd);
        var adam = new Adam<double>(4);
        adamW.Step(withDecay, Gradients1, lr);
        adam.Step(without, Gradients1, lr);
        double[] start = [1, -2, 3, 4];
        for (int i = 0; i < 4; i++)
        {
            // AdamW = Adam applied after θ ← θ(1 − lr·λ): the decay does not pass through m and v.
            Assert.Equal(without[i] - (start[i] * lr * wd), withDecay[i], 1e-14);
        }
    }

    [Fact]
    public void AdamWWithZeroDecayEqualsAdam()
    {
        float[] a = [1, 2, 3, 4], b = [1, 2, 3, 4];
        var adamW = new AdamW<float>(4, 0);
        var adam = new Adam<float>(4);
        foreach (double[] g in new[] { Gradients1, Gradients2 })
        {
            float[] gf = Array.ConvertAll(g, x => (float)x);
            adamW.Step(a, gf, 0.01);
            adam.Step(b, gf, 0.01);
        }

        Assert.Equal(b, a);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.9, false)]
    [InlineData(0.9, true)]
    public void SgdFollowsThePyTorchMomentumFormulation(double mu, bool nesterov)
    {
        double lr = 0.1;
        double[] theta = [1, 2, 3, 4], expected = (double[])theta.Clone(), buffer = new double[4];
        var sgd = new Sgd<double>(4, mu, nesterov);
        foreach (double[] g in new[] { Gradients1, Gradients2, Gradients1 })
        {
            sgd.Step(theta, g, lr);
            for (int i = 0; i < 4; i++)
            {
                buffer[i] = (mu * buffer[i]) + g[i];
                double direction = mu == 0 ? g[i] : nesterov ? g[i] + (mu * buffer[i]) : buffer[i];
                expected[i] -= lr * direction;
            }
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], theta[i], 1e-14);
        }

        Assert.Equal(mu == 0 ? 0 : 1, sgd.State.Count);
    }

    public static TheoryData<string> OptimizerNames => ["adam", "adamw", "sgd", "nesterov"];

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void EveryOptimizerMinimisesAnIllConditionedQuadratic(string name)
    {
        // f(θ) = ½ Σ cᵢ θᵢ² with curvatures 1 … 100.
        double[] curvature = [1, 10, 100];
        double[] theta = [1, 1, 1];
        IOptimizer<double> optimizer = Create<double>(name, 3);
        double lr = name.StartsWith("adam", StringComparison.Ordinal) ? 0.05 : 0.005;
        double[] g = new double[3];
        for (int k = 0; k < 3000; k++)
        {
            for (int i = 0; i < 3; i++)
            {
                g[i] = curvature[i] * theta[i];
            }

            optimizer.Step(theta, g, lr * (1 - (k / 3000.0)) + 1e-6);
        }

        foreach (double t in theta)
        {
            Assert.True(Math.Abs(t) < 0.05, $"{name} left θ = [{string.Join(", ", theta)}]");
        }
    }

    internal static IOptimizer<T> Create<T>(string name, int count)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => name switch
        {
            "adam" => new Adam<T>(count),
            "adamw" => new AdamW<T>(count, 0.01),
            "sgd" => new Sgd<T>(count, 0.9),
            "nesterov" => new Sgd<T>(count, 0.9, nesterov: true),
            _ => throw new ArgumentException(name),
        };

    internal static List<double[]> Gradients(int steps, int count, int seed)
    {
        var random = new Random(seed);
        var all = new List<double[]>();
        for (int s = 0; s < steps; s++)
        {
            double[] g = new double[count];
            for (int i = 0; i < count; i++)
            {
                g[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 3));
            }

            all.Add(g);
        }

        return all;
    }
}
