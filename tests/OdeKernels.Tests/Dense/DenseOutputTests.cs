using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Solving;
using Xunit.Abstractions;

namespace OdeKernels.Tests.Dense;

/// <summary>
/// Dense output (<see cref="SaveMode.Interpolate"/>): the declared interpolants are continuous extensions of their
/// steps (weights B at θ = 1), their order is measured against an exact solution, save times on step ends get the step's
/// bits, the steps do not depend on the save times, and CUDA refuses the mode.
/// </summary>
public sealed class DenseOutputTests(ITestOutputHelper output)
{
    /// <summary>y′ = y cos t, y(0) = 1: y = exp(sin t) (time-dependent, so f(t + h, ·) must use the right time).</summary>
    private sealed class ExpSin : IOdeSystem<double>
    {
        public int StateSize => 1;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = y[0] * Math.Cos(t);
    }

    public static IEnumerable<object[]> AllMethods() => Tableaux.All.Select(m => new object[] { m });

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void WeightsAreZeroAtTheStartAndTheSolutionWeightsAtTheEnd(string method)
    {
        TableauInfo info = Tableaux.Info(method);
        var w = new double[DenseOutput.WeightCount(info)];
        DenseOutput.Weights(info, 0.0, w);
        Assert.All(w, x => Assert.Equal(0.0, x));
        DenseOutput.Weights(info, 1.0, w);
        int end = DenseOutput.EndIndex(info);
        double[] d = info.Dense?.ToArray() ?? [];
        for (int i = 0; i < DenseOutput.Rows(info); i++)
        {
            // Cubic Hermite puts h11(1) = 0 on f(t + h, y_new); a declared interpolant must reproduce B (and put no
            // weight on its extra stages). Vern7's coefficients reach 1.2e3, so rounding is judged by their size.
            double size = d.Length == 0 ? 1 : d.Skip(i * info.DenseDegree).Take(info.DenseDegree).Sum(Math.Abs);
            double b = i < info.Stages ? info.B[i] : 0.0;
            Assert.True(Math.Abs(w[i] - b) <= 1e-13 * Math.Max(1, size), $"{method}: b{i + 1}(1) = {w[i]:R}, B = {b:R}");
        }

        Assert.True(Math.Abs(w[DenseOutput.Rows(info)]) <= 1e-15);
        Assert.Equal(method is nameof(Dopri5) or nameof(Tsit5) or nameof(Vern7), info.HasDense);
        Assert.Equal(method == nameof(Vern7) ? 6 : 0, info.ExtraStages);
        Assert.Equal(method == nameof(Vern7) ? 6 : info.HasDense ? 4 : Math.Min(info.Order, 3), info.DenseOrder);
        _ = end;
    }

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void InterpolationErrorInsideOneStepFallsAsTheDeclaredOrderPlusOne(string method)
    {
        TableauInfo info = Tableaux.Info(method);
        int q = info.DenseOrder;
        double[] hs = q switch
        {
            // Vern7's sixth order: smaller steps would reach rounding.
            >= 6 => [0.4, 0.3, 0.2, 0.15],
            >= 4 => [0.2, 0.15, 0.1, 0.075],
            >= 3 => [0.2, 0.14, 0.1, 0.07],
            _ => [0.1, 0.07, 0.05, 0.035],
        };
        var logH = new List<double>();
        var logE = new List<double>();
        foreach (double h in hs)
        {
            // One step from the exact start: the save times inside it carry the interpolant's local error only.
            double[] saveAt = [0.3, 0.3 + (0.3 * h), 0.3 + (0.7 * h), 0.3 + h];
            var options = new SolverOptions { FixedStep = h, SaveMode = SaveMode.Interpolate };
            Solution<double> sol = Tableaux.Solve(method, new ExpSin(), [Math.Exp(Math.Sin(0.3))], saveAt, options);
            Assert.Equal(1, sol.Stats.AcceptedSteps);
            double error = Math.Max(Math.Abs(sol[1, 0, 0] - Math.Exp(Math.Sin(saveAt[1]))), Math.Abs(sol[2, 0, 0] - Math.Exp(Math.Sin(saveAt[2]))));
            logH.Add(Math.Log(h));
            logE.Add(Math.Log(error));
        }

        double slope = Slope(logH, logE);
        Assert.True(Math.Abs(slope - (q + 1)) <= 0.35, $"{method}: fitted slope {slope:F3}, declared dense order {q} (expected {q + 1}); log errors {string.Join(", ", logE.Select(e => e.ToString("F2")))}");
    }

    [Theory]
    [InlineData(nameof(Dopri5))]
    [InlineData(nameof(Tsit5))]
    [InlineData(nameof(Rk4))]
    [InlineData(nameof(Bosh3))]
    public void SaveTimesOnStepEndsGetTheStepsBits(string method)
    {
        // Fixed steps of 1/8 (exact in binary) and save times on the grid: every save lands, none is interpolated,
        // so the states equal the Step mode's (which lands on them too) bit for bit.
        double[] saveAt = Enumerable.Range(0, 9).Select(k => k * 0.25).ToArray();
        var step = new SolverOptions { FixedStep = 0.125 };
        var interpolate = step with { SaveMode = SaveMode.Interpolate };
        Solution<double> a = Tableaux.Solve(method, new ExpSin(), [1.0], saveAt, step);
        Solution<double> b = Tableaux.Solve(method, new ExpSin(), [1.0], saveAt, interpolate);
        Assert.Equal(a.States, b.States);
        Assert.Equal(16, b.Stats.AcceptedSteps);
    }

    [Theory]
    [InlineData(nameof(Dopri5))]
    [InlineData(nameof(Tsit5))]
    [InlineData(nameof(Vern7))]
    [InlineData(nameof(Bosh3))]
    public void StepsDoNotDependOnTheSaveTimes(string method)
    {
        // Interpolate clips only to the last save time: 2 or 161 save times, the same steps and the same final bits;
        // FSAL methods need no extra evaluation, cubic Hermite without FSAL one per step with a save time inside it,
        // Vern7 its six extra stages per such step.
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, SaveMode = SaveMode.Interpolate };
        double[] dense = Enumerable.Range(0, 161).Select(k => k / 16.0).ToArray();
        Solution<double> two = Tableaux.Solve(method, new ExpSin(), [1.0], [0.0, 10.0], options);
        Solution<double> many = Tableaux.Solve(method, new ExpSin(), [1.0], dense, options);
        Assert.Equal(two.Stats.AcceptedSteps, many.Stats.AcceptedSteps);
        Assert.Equal(two.Stats.RejectedSteps, many.Stats.RejectedSteps);
        Assert.Equal(two[1, 0, 0], many[160, 0, 0]);
        TableauInfo info = Tableaux.Info(method);
        // Cubic Hermite is third order: with the long steps of a high-order method it is the coarser of the two.
        double accuracy = info.HasDense ? 2e-5 : 5e-3;
        if (info.IsFsal)
        {
            Assert.Equal(two.Stats.Evaluations, many.Stats.Evaluations);
        }
        else
        {
            Assert.InRange(many.Stats.Evaluations - two.Stats.Evaluations, 1, Math.Max(1, info.ExtraStages) * many.Stats.AcceptedSteps);
        }

        Solution<double> stepMode = Tableaux.Solve(method, new ExpSin(), [1.0], dense, options with { SaveMode = SaveMode.Step });
        Assert.True(stepMode.Stats.Evaluations > many.Stats.Evaluations, $"{method}: Step mode {stepMode.Stats.Evaluations} evaluations, Interpolate {many.Stats.Evaluations}");
        for (int j = 0; j < dense.Length; j++)
        {
            Assert.True(Math.Abs(many[j, 0, 0] - Math.Exp(Math.Sin(dense[j]))) < accuracy, $"{method}: save {j} off by {many[j, 0, 0] - Math.Exp(Math.Sin(dense[j])):E2}");
        }
    }

    [Theory]
    [InlineData(nameof(Dopri5))]
    [InlineData(nameof(Rk4))]
    public void SeveralSaveTimesInsideOneStep(string method)
    {
        double[] saveAt = Enumerable.Range(0, 11).Select(k => 0.1 * k).ToArray();
        Solution<double> sol = Tableaux.Solve(method, new ExpSin(), [1.0], saveAt, new SolverOptions { FixedStep = 1.0, SaveMode = SaveMode.Interpolate });
        Assert.Equal(1, sol.Stats.AcceptedSteps);
        for (int j = 1; j < saveAt.Length; j++)
        {
            Assert.True(Math.Abs(sol[j, 0, 0] - Math.Exp(Math.Sin(saveAt[j]))) < 0.02, $"{method}: save {j} = {sol[j, 0, 0]:R}");
            Assert.NotEqual(sol[j - 1, 0, 0], sol[j, 0, 0]);
        }
    }

    [Fact]
    public void BatchesInterpolateEachLaneAsAlone()
    {
        // Eight lanes (the batched path) with different steps: each equals its lane solved alone, bit for bit.
        var y0 = Enumerable.Range(0, 8).Select(i => 0.5 + (0.25 * i)).ToArray();
        double[] saveAt = Enumerable.Range(0, 17).Select(k => k * 25.0 / 16).ToArray();
        var options = new SolverOptions { SaveMode = SaveMode.Interpolate };
        Solution<double> batch = Ode.Solve(new ExpSin(), new Dopri5(), y0, saveAt, options);
        for (int i = 0; i < y0.Length; i++)
        {
            Solution<double> alone = Ode.Solve(new ExpSin(), new Dopri5(), [y0[i]], saveAt, options);
            for (int j = 0; j < saveAt.Length; j++)
            {
                Assert.Equal(alone[j, 0, 0], batch[j, i, 0]);
            }
        }
    }

    [Fact]
    public void CudaRefusesInterpolateAndAutoSolvesOnTheCpu()
    {
        var net = new TimeNet64(seed: 5);
        double[] y0 = [0.1, 0.2, 0.3];
        double[] saveAt = [0.0, 0.5, 1.0];
        var cpu = new SolverOptions { SaveMode = SaveMode.Interpolate };
        var e = Assert.Throws<NotSupportedException>(() => Ode.Solve(net, new Dopri5(), y0, saveAt, cpu with { Backend = Backend.Cuda }));
        Assert.Contains("SaveMode", e.Message);
        Assert.Equal(Ode.Solve(net, new Dopri5(), y0, saveAt, cpu).States, Ode.Solve(net, new Dopri5(), y0, saveAt, cpu with { Backend = Backend.Auto }).States);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(25.0)]
    public void TheSpiralFitsSixteenPointsCostTheUnconstrainedSolve(double end)
    {
        // The single-trajectory spiral fit (#12): 16 save points, Dopri5 at rtol 1e-6, atol 1e-8, float32 network.
        float[] saveAt = Enumerable.Range(0, 16).Select(k => (float)(end * k / 15)).ToArray();
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        var net = new SpiralNet(seed: 1);
        float[] y0 = [2.0f, 0.0f];
        SolverStats step = Ode.Solve(net, new Dopri5(), y0, saveAt, options).Stats;
        SolverStats dense = Ode.Solve(net, new Dopri5(), y0, saveAt, options with { SaveMode = SaveMode.Interpolate }).Stats;
        SolverStats free = Ode.Solve(net, new Dopri5(), y0, [0f, (float)end], options).Stats;
        output.WriteLine($"[0, {end}]: Step {step.Evaluations} evaluations, Interpolate {dense.Evaluations}, end only {free.Evaluations}");
        Assert.Equal(free.Evaluations, dense.Evaluations);
        Assert.True(dense.Evaluations <= step.Evaluations);
    }

    [Fact]
    public void AnUnknownSaveModeIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Ode.Solve(new ExpSin(), new Dopri5(), [1.0], [0.0, 1.0], new SolverOptions { SaveMode = (SaveMode)7 }));
        Assert.Equal("options.SaveMode", e.ParamName);
    }

    private static double Slope(List<double> x, List<double> y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        return sxy / sxx;
    }
}
