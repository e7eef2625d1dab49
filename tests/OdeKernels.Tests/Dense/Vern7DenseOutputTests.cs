using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Solving;
using Xunit.Abstractions;

namespace OdeKernels.Tests.Dense;

/// <summary>
/// Vern7's own continuous extension (Verner's interpolant with six extra stages, order 6 as transcribed: see
/// <see cref="Vern7"/>'s remarks): its order inside one step
/// against an exact solution, side by side with the cubic Hermite interpolant it replaced; the interpolated trajectory
/// at a tight tolerance against the exact solution and against Step mode; the extra stages counted and paid only by
/// steps with a save time inside; a lane's bits the same alone (the few-lanes path), in a batch and at any position in
/// it, and for every thread count, solves and discrete adjoints. (Gradients against finite differences:
/// <see cref="DenseGradientTests"/>.)
/// </summary>
public sealed class Vern7DenseOutputTests(ITestOutputHelper output)
{
    /// <summary>y′ = y cos t, y(0) = 1: y = exp(sin t) (time-dependent, so each extra stage must use its own time).</summary>
    private sealed class ExpSin : IOdeSystem<double>
    {
        public int StateSize => 1;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = y[0] * Math.Cos(t);
    }

    private static double Exact(double t) => Math.Exp(Math.Sin(t));

    [Fact]
    public void TheInterpolantIsSixthOrderInsideAStepWhereCubicHermiteIsThird()
    {
        const double t0 = 0.3;
        double[] hs = [0.4, 0.3, 0.2, 0.15];
        var logH = new List<double>();
        var own = new List<double>();
        var hermite = new List<double>();
        foreach (double h in hs)
        {
            // One step from the exact start: the save times inside carry the interpolant's local error only.
            double[] thetas = [0.3, 0.7];
            double[] saveAt = [t0, t0 + (thetas[0] * h), t0 + (thetas[1] * h), t0 + h];
            var options = new SolverOptions { FixedStep = h, SaveMode = SaveMode.Interpolate };
            Solution<double> sol = Ode.Solve(new ExpSin(), new Vern7(), [Exact(t0)], saveAt, options);
            Assert.Equal(1, sol.Stats.AcceptedSteps);

            // Cubic Hermite through the same step's ends (what Vern7 used before): y, f(t, y), y_new, f(t + h, y_new).
            double y0 = Exact(t0), y1 = sol[3, 0, 0], f0 = y0 * Math.Cos(t0), f1 = y1 * Math.Cos(t0 + h);
            double ownError = 0, hermiteError = 0;
            for (int j = 0; j < thetas.Length; j++)
            {
                double s = thetas[j], s2 = s * s, s3 = s2 * s;
                double u = (((2 * s3) - (3 * s2) + 1) * y0) + ((s3 - (2 * s2) + s) * h * f0) + (((3 * s2) - (2 * s3)) * y1) + ((s3 - s2) * h * f1);
                ownError = Math.Max(ownError, Math.Abs(sol[j + 1, 0, 0] - Exact(saveAt[j + 1])));
                hermiteError = Math.Max(hermiteError, Math.Abs(u - Exact(saveAt[j + 1])));
            }

            logH.Add(Math.Log(h));
            own.Add(Math.Log(ownError));
            hermite.Add(Math.Log(hermiteError));
            output.WriteLine($"h = {h}: Verner's interpolant {ownError:E2}, cubic Hermite {hermiteError:E2}");
        }

        double ownSlope = Slope(logH, own), hermiteSlope = Slope(logH, hermite);
        output.WriteLine($"local error slopes: Verner's interpolant {ownSlope:F2} (order 6: 7), cubic Hermite {hermiteSlope:F2} (order 3: 4)");
        Assert.True(Math.Abs(ownSlope - 7) <= 0.4, $"Verner's interpolant: slope {ownSlope:F2}, expected 7");
        Assert.True(Math.Abs(hermiteSlope - 4) <= 0.5, $"cubic Hermite: slope {hermiteSlope:F2}, expected 4");
        Assert.True(own[^1] < hermite[^1] - Math.Log(1000), "at the smallest step Verner's interpolant is not 1000× closer than cubic Hermite");
    }

    [Fact]
    public void OnlyStepsWithASaveTimeInsidePayTheSixExtraStages()
    {
        var options = new SolverOptions { FixedStep = 0.25, SaveMode = SaveMode.Interpolate };
        Solution<double> ends = Ode.Solve(new ExpSin(), new Vern7(), [1.0], [0.0, 1.0], options);
        // Four steps; save times inside the second (two of them) and the fourth.
        Solution<double> inside = Ode.Solve(new ExpSin(), new Vern7(), [1.0], [0.0, 0.3, 0.45, 0.8, 1.0], options);
        Assert.Equal(4, ends.Stats.AcceptedSteps);
        Assert.Equal(4, inside.Stats.AcceptedSteps);
        Assert.Equal(ends.Stats.Evaluations + (2 * Vern7.Info.ExtraStages), inside.Stats.Evaluations);
        Assert.Equal(ends[1, 0, 0], inside[4, 0, 0]);
        Assert.Equal(6, Vern7.Info.ExtraStages);
        Assert.Equal(6, Vern7.Info.DenseOrder);
    }

    [Fact]
    public void SixteenSavePointsAtATightToleranceMatchTheExactSolutionForFewerEvaluations()
    {
        // The brief's measurement: 16 save points at rtol 1e-10; Step lands on each, Interpolate fills them.
        double[] saveAt = Enumerable.Range(0, 16).Select(k => k * 10.0 / 15).ToArray();
        var options = new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 };
        Solution<double> step = Ode.Solve(new ExpSin(), new Vern7(), [1.0], saveAt, options);
        Solution<double> dense = Ode.Solve(new ExpSin(), new Vern7(), [1.0], saveAt, options with { SaveMode = SaveMode.Interpolate });
        double stepError = 0, denseError = 0;
        for (int j = 0; j < saveAt.Length; j++)
        {
            stepError = Math.Max(stepError, Math.Abs(step[j, 0, 0] - Exact(saveAt[j])));
            denseError = Math.Max(denseError, Math.Abs(dense[j, 0, 0] - Exact(saveAt[j])));
        }

        output.WriteLine($"Step: {step.Stats.Evaluations} evaluations, {step.Stats.AcceptedSteps} steps, max error {stepError:E2}");
        output.WriteLine($"Interpolate: {dense.Stats.Evaluations} evaluations, {dense.Stats.AcceptedSteps} steps, max error {denseError:E2}");
        Assert.True(dense.Stats.Evaluations < step.Stats.Evaluations);
        Assert.True(denseError <= 1e-8, $"interpolated trajectory off by {denseError:E2}");
        Assert.True(denseError <= 20 * Math.Max(stepError, 1e-11), $"interpolated {denseError:E2} against stepped {stepError:E2}");
    }

    [Fact]
    public void ALaneGetsTheSameBitsAloneInABatchAndAtAnyPosition()
    {
        const int lanes = 9, n = 3;
        double[] y0 = Enumerable.Range(0, lanes * n).Select(i => 0.4 * Math.Sin(1.0 + (0.9 * i))).ToArray();
        double[] saveAt = Enumerable.Range(0, 17).Select(k => k * 2.0 / 16).ToArray();
        var options = new SolverOptions { RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-11, SaveMode = SaveMode.Interpolate };
        var net = new TimeNet64(seed: 5);
        Solution<double> batch = Ode.Solve(net, new Vern7(), y0, saveAt, options);
        int[] reversed = Enumerable.Range(0, lanes).Reverse().ToArray();
        double[] y0Reversed = reversed.SelectMany(i => y0.Skip(i * n).Take(n)).ToArray();
        Solution<double> backwards = Ode.Solve(net, new Vern7(), y0Reversed, saveAt, options);
        for (int i = 0; i < lanes; i++)
        {
            Solution<double> alone = Ode.Solve(net, new Vern7(), y0.AsSpan(i * n, n).ToArray(), saveAt, options);
            Assert.Equal(alone.Stats.Evaluations, batch.LaneStats(i).Evaluations);
            for (int j = 0; j < saveAt.Length; j++)
            {
                for (int c = 0; c < n; c++)
                {
                    Assert.Equal(alone[j, 0, c], batch[j, i, c]);
                    Assert.Equal(batch[j, i, c], backwards[j, lanes - 1 - i, c]);
                }
            }
        }
    }

    [Theory]
    [InlineData("Solve")]
    [InlineData(nameof(AdjointMethod.Direct))]
    [InlineData(nameof(AdjointMethod.Checkpointed))]
    public void SolvesAndDiscreteAdjointsGiveTheSameBitsOnEveryThreadCount(string method)
    {
        double[] reference = Run(method, 1);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            Assert.True(reference.AsSpan().SequenceEqual(Run(method, threads)), $"{method} on {threads} threads differs from 1 thread");
        }
    }

    private static double[] Run(string method, int threads)
    {
        const int lanes = 300;
        var net = new SpiralNet64(seed: 3);
        double[] y0 = Enumerable.Range(0, 2 * lanes).Select(i => Math.Sin(0.37 * i) * (0.5 + ((i * 0.618034) % 1.0))).ToArray();
        double[] saveAt = [0.0, 0.01, 0.02, 0.3, 0.45, 0.6];
        var options = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10, SaveMode = SaveMode.Interpolate, MaxDegreeOfParallelism = threads };
        var result = new List<double>();
        Solution<double> solution;
        if (method == "Solve")
        {
            solution = Ode.Solve(net, new Vern7(), y0, saveAt, options);
        }
        else
        {
            double[] dLdY = Enumerable.Range(0, saveAt.Length * y0.Length).Select(i => Math.Cos(0.3 * i)).ToArray();
            Gradient<double> g = Ode.Gradient(net, new Vern7(), y0, saveAt, dLdY, options, Enum.Parse<AdjointMethod>(method), checkpoints: 3);
            result.AddRange(g.Parameters);
            result.AddRange(g.InitialState);
            solution = g.Solution;
        }

        result.AddRange(solution.States.ToArray());
        for (int lane = 0; lane < lanes; lane++)
        {
            result.Add(solution.LaneStats(lane).Evaluations);
        }

        return [.. result];
    }

    private static double Slope(List<double> x, List<double> y)
    {
        double mx = x.Average(), my = y.Average(), num = 0, den = 0;
        for (int i = 0; i < x.Count; i++)
        {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }

        return num / den;
    }
}
