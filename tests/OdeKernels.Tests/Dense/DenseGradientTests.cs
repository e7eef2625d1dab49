using System;
using System.Collections.Generic;

namespace OdeKernels.Tests.Dense;

/// <summary>
/// Gradients through <see cref="SaveMode.Interpolate"/> solves against central finite differences of the same solve in
/// float64: the discrete adjoints differentiate the interpolant (save times inside steps) exactly, on a hand-written
/// system (the single-lane path and the batched lane-by-lane adjoint) and a generated, time-dependent network (the
/// lockstep reverser), for methods with their own interpolant (Vern7's with its six extra stages, differentiated
/// through each) and with cubic Hermite, FSAL or not; Backsolve to its tolerance.
/// </summary>
public sealed class DenseGradientTests
{
    private static readonly double[] SaveAt = [0.0, 0.7, 1.3, 1.45, 2.0];

    public static IEnumerable<object[]> Cases()
    {
        foreach (string tableau in new[] { nameof(Dopri5), nameof(Tsit5), nameof(Vern7), nameof(Rk4), nameof(Bosh3) })
        {
            yield return [tableau, AdjointMethod.Direct, 0];
            yield return [tableau, AdjointMethod.Checkpointed, 0];
            yield return [tableau, AdjointMethod.Checkpointed, 3];
        }
    }

    private static double[] Weights(int length)
    {
        var w = new double[length];
        for (int i = 0; i < length; i++)
        {
            w[i] = Math.Sin(1.0 + (0.7 * i));
        }

        return w;
    }

    /// <summary>Fixed steps of 0.15: 0.7, 1.3 and 1.45 fall inside steps (two of them in one), 2.0 ends a clipped step.</summary>
    private static readonly SolverOptions Options = new() { FixedStep = 0.15, SaveMode = SaveMode.Interpolate };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DiscreteAdjointsOfAHandWrittenSystemEqualFiniteDifferences(string tableau, AdjointMethod method, int checkpoints)
    {
        double[] y0 = [1.0, 1.0, 0.5, 2.0];
        Check(tableau, method, checkpoints, y0, p => new PredatorPrey(p[0], p[1], p[2], p[3]), new PredatorPrey().Parameters.ToArray(), 1e-7);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DiscreteAdjointsOfAGeneratedNetworkEqualFiniteDifferences(string tableau, AdjointMethod method, int checkpoints)
    {
        double[] y0 = [0.3, -0.2, 0.1, -0.4, 0.5, 0.2];
        double[] theta = new TimeNet64(seed: 5).Parameters.ToArray();
        Check(tableau, method, checkpoints, y0, p =>
        {
            var net = new TimeNet64(seed: 5);
            p.CopyTo(net.Parameters);
            return net;
        }, theta, 1e-7);
    }

    [Theory]
    [InlineData(nameof(Dopri5))]
    [InlineData(nameof(Rk4))]
    public void BacksolveEqualsFiniteDifferencesToItsTolerance(string tableau)
    {
        double[] y0 = [1.0, 1.0, 0.5, 2.0];
        var options = new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10, SaveMode = SaveMode.Interpolate };
        var fixedOptions = new SolverOptions { FixedStep = 0.01, SaveMode = SaveMode.Interpolate };
        SolverOptions chosen = Tableaux.Info(tableau).HasEmbedded ? options : fixedOptions;
        Check(tableau, AdjointMethod.Backsolve, 0, y0, p => new PredatorPrey(p[0], p[1], p[2], p[3]), new PredatorPrey().Parameters.ToArray(), 1e-5, chosen);
    }

    private static void Check<TSystem>(string tableau, AdjointMethod method, int checkpoints, double[] y0, Func<double[], TSystem> make, IReadOnlyList<double> theta0, double tolerance, SolverOptions? options = null)
        where TSystem : IDifferentiableSystem<double>
    {
        options ??= Options;
        double[] theta = [.. theta0];
        double[] w = Weights(SaveAt.Length * y0.Length);
        Gradient<double> g = Tableaux.Gradient(tableau, make(theta), y0, SaveAt, w, options, method, checkpoints);

        double Loss(double[] p, double[] start)
        {
            Solution<double> sol = Tableaux.Solve(tableau, make(p), start, SaveAt, options);
            double loss = 0;
            for (int i = 0; i < w.Length; i++)
            {
                loss += w[i] * sol.States[i];
            }

            return loss;
        }

        const double eps = 1e-6;
        var expected = new List<(string What, double Fd, double Adjoint)>();
        for (int k = 0; k < theta.Length; k += Math.Max(1, theta.Length / 19))
        {
            double[] plus = [.. theta], minus = [.. theta];
            plus[k] += eps;
            minus[k] -= eps;
            expected.Add(($"dL/dθ[{k}]", (Loss(plus, y0) - Loss(minus, y0)) / (2 * eps), g.Parameters[k]));
        }

        for (int i = 0; i < y0.Length; i++)
        {
            double[] up = [.. y0], down = [.. y0];
            up[i] += eps;
            down[i] -= eps;
            expected.Add(($"dL/dy0[{i}]", (Loss(theta, up) - Loss(theta, down)) / (2 * eps), g.InitialState[i]));
        }

        double scale = 0;
        foreach ((_, double fd, _) in expected)
        {
            scale = Math.Max(scale, Math.Abs(fd));
        }

        foreach ((string what, double fd, double adjoint) in expected)
        {
            Assert.True(Math.Abs(fd - adjoint) <= tolerance * scale, $"{tableau} {method} ({checkpoints}): {what}: FD {fd:R}, adjoint {adjoint:R} (scale {scale:E2})");
        }
    }
}
