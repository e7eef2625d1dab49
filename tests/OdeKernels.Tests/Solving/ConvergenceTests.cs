using System;
using System.Collections.Generic;
using System.Linq;

namespace OdeKernels.Tests.Solving;

/// <summary>The declared order of every built-in method, measured: fixed-step global error slopes in float64.</summary>
public sealed class ConvergenceTests
{
    public static IEnumerable<object[]> Methods() =>
    [
        [nameof(Euler), 1], [nameof(Midpoint), 2], [nameof(Heun), 2], [nameof(Ralston), 2], [nameof(Rk4), 4], [nameof(Rk38), 4],
        [nameof(HeunEuler), 2], [nameof(Bosh3), 3], [nameof(Dopri5), 5], [nameof(Tsit5), 5], [nameof(Vern7), 7],
    ];

    [Theory]
    [MemberData(nameof(Methods))]
    public void FittedSlopeMatchesDeclaredOrder(string method, int order)
    {
        Assert.Equal(order, Tableaux.Info(method).Order);
        double period = 2 * Math.PI;
        double[] y0 = Kepler.Perihelion(0.2);
        // Step counts keep the error in the asymptotic range and well above round-off.
        int[] steps = order switch
        {
            >= 7 => [80, 96, 112, 128, 160],
            >= 5 => [64, 80, 96, 128, 160],
            >= 3 => [128, 192, 256, 384, 512],
            >= 2 => [512, 768, 1024, 1536, 2048],
            _ => [8192, 12288, 16384, 24576, 32768],
        };
        var logH = new List<double>();
        var logE = new List<double>();
        foreach (int n in steps)
        {
            var options = new SolverOptions { FixedStep = period / n };
            Solution<double> sol = Tableaux.Solve(method, new Kepler(), y0, [0.0, period], options);
            double error = 0;
            for (int c = 0; c < 4; c++)
            {
                error = Math.Max(error, Math.Abs(sol[1, 0, c] - y0[c]));
            }

            Assert.Equal(n, sol.Stats.AcceptedSteps);
            logH.Add(Math.Log(period / n));
            logE.Add(Math.Log(error));
        }

        double slope = Slope(logH, logE);
        Assert.True(Math.Abs(slope - order) <= 0.2, $"{method}: fitted slope {slope:F3}, declared order {order}; log errors {string.Join(", ", logE.Select(e => e.ToString("F2")))}");
    }

    [Theory]
    [InlineData(nameof(HeunEuler))]
    [InlineData(nameof(Bosh3))]
    [InlineData(nameof(Dopri5))]
    [InlineData(nameof(Tsit5))]
    [InlineData(nameof(Vern7))]
    public void GlobalErrorFallsAsToleranceFalls(string method)
    {
        const double T = 3.0, u0 = 0.2;
        double previous = double.PositiveInfinity;
        long previousSteps = 0;
        foreach (double tol in new[] { 1e-3, 1e-5, 1e-7, 1e-9 })
        {
            var options = new SolverOptions { RelativeTolerance = tol, AbsoluteTolerance = tol };
            Solution<double> sol = Tableaux.Solve(method, new LogisticAndRational(), [u0, 1.0], [0.0, 1.0, T], options);
            double error = Math.Max(
                Math.Abs(sol[2, 0, 0] - LogisticAndRational.Logistic(u0, T)),
                Math.Abs(sol[2, 0, 1] - LogisticAndRational.Rational(T)));
            Assert.True(error < previous, $"{method}: error {error:E2} at tol {tol:E0} did not fall below {previous:E2}");
            Assert.True(error < 1000 * tol, $"{method}: error {error:E2} is far above tol {tol:E0}");
            Assert.True(sol.Stats.AcceptedSteps >= previousSteps, $"{method}: tighter tolerance took fewer steps");
            previous = error;
            previousSteps = sol.Stats.AcceptedSteps;
        }
    }

    internal static double Slope(List<double> x, List<double> y)
    {
        double mx = x.Average(), my = y.Average();
        double num = 0, den = 0;
        for (int i = 0; i < x.Count; i++)
        {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }

        return num / den;
    }
}
