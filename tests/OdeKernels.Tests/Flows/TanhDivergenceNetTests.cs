using System;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Flows;

/// <summary>
/// The hand-written reference MLP's divergence, Jacobian–vector products and both vector–Jacobian products against
/// float64 finite differences of its f, so that the flow tests built on it test the flow runtime and not the reference.
/// </summary>
public sealed class TanhDivergenceNetTests
{
    private const int D = 3, Lanes = 3, Stride = 5, Tangents = 2;

    private static double[] Values(int length, double phase)
    {
        var x = new double[length];
        for (int k = 0; k < length; k++)
        {
            x[k] = Math.Sin(phase + (1.7 * k));
        }

        return x;
    }

    [Fact]
    public void DivergenceIsTheTraceOfTheFiniteDifferenceJacobian()
    {
        var f = new TanhDivergenceNet(D, 7, seed: 3);
        double[] t = Values(Lanes, 0.3), y = Values(D * Stride, 0.9);
        var dydt = new double[D * Stride];
        var div = new double[Lanes];
        f.EvaluateWithDivergenceBatch(t, y, dydt, div, Lanes, Stride);
        for (int i = 0; i < Lanes; i++)
        {
            double trace = 0;
            for (int k = 0; k < D; k++)
            {
                int c = k, lane = i;
                trace += FiniteDifferences.StateGradient(y, yy => Output(f, t, yy, c, lane))[(k * Stride) + i];
            }

            Assert.Equal(trace, div[i], 7);
        }
    }

    [Fact]
    public void JacobianVectorProductsAreDirectionalDerivatives()
    {
        var f = new TanhDivergenceNet(D, 7, seed: 4);
        double[] t = Values(Lanes, 0.1), y = Values(D * Stride, 0.4), v = Values(Tangents * D * Stride, 2.2);
        var dydt = new double[D * Stride];
        var jv = new double[Tangents * D * Stride];
        f.EvaluateWithJvpBatch(t, y, v, dydt, jv, Tangents, Lanes, Stride);
        const double eps = 1e-6;
        for (int k = 0; k < Tangents; k++)
        {
            double[] plus = (double[])y.Clone(), minus = (double[])y.Clone();
            for (int c = 0; c < D; c++)
            {
                for (int i = 0; i < Lanes; i++)
                {
                    plus[(c * Stride) + i] += eps * v[(((k * D) + c) * Stride) + i];
                    minus[(c * Stride) + i] -= eps * v[(((k * D) + c) * Stride) + i];
                }
            }

            var fPlus = new double[D * Stride];
            var fMinus = new double[D * Stride];
            f.EvaluateBatch(t, plus, fPlus, Lanes, Stride);
            f.EvaluateBatch(t, minus, fMinus, Lanes, Stride);
            for (int c = 0; c < D; c++)
            {
                for (int i = 0; i < Lanes; i++)
                {
                    double expected = (fPlus[(c * Stride) + i] - fMinus[(c * Stride) + i]) / (2 * eps);
                    Assert.Equal(expected, jv[(((k * D) + c) * Stride) + i], 7);
                }
            }
        }
    }

    [Fact]
    public void DivergenceVjpMatchesFiniteDifferences()
    {
        var f = new TanhDivergenceNet(D, 6, seed: 5);
        double[] t = Values(Lanes, 0.7), y = Values(D * Stride, 1.1), a = Values(D * Stride, 0.2), b = Values(Lanes, 1.9);
        double Loss(double[] at)
        {
            var dydt = new double[D * Stride];
            var div = new double[Lanes];
            f.EvaluateWithDivergenceBatch(t, at, dydt, div, Lanes, Stride);
            return Dot(a, dydt, D) + Dot(b, div, 1);
        }

        var dy = new double[D * Stride];
        var dtheta = new double[f.ParameterCount];
        f.DivergenceVjpBatch(t, y, a, b, dy, dtheta, Lanes, Stride);
        FiniteDifference.AssertClose(FiniteDifferences.ParameterGradient(f, () => Loss(y)), dtheta, 1e-7, "dθ");
        AssertLanes(FiniteDifferences.StateGradient(y, Loss), dy, "dy");
    }

    [Fact]
    public void JvpVjpMatchesFiniteDifferences()
    {
        var f = new TanhDivergenceNet(D, 6, seed: 6);
        double[] t = Values(Lanes, 0.5), y = Values(D * Stride, 0.6), v = Values(Tangents * D * Stride, 1.3);
        double[] a = Values(D * Stride, 2.5), w = Values(Tangents * D * Stride, 0.8);
        double Loss(double[] at)
        {
            var dydt = new double[D * Stride];
            var jv = new double[Tangents * D * Stride];
            f.EvaluateWithJvpBatch(t, at, v, dydt, jv, Tangents, Lanes, Stride);
            return Dot(a, dydt, D) + Dot(w, jv, Tangents * D);
        }

        var dy = new double[D * Stride];
        var dtheta = new double[f.ParameterCount];
        f.JvpVjpBatch(t, y, v, a, w, dy, dtheta, Tangents, Lanes, Stride);
        FiniteDifference.AssertClose(FiniteDifferences.ParameterGradient(f, () => Loss(y)), dtheta, 1e-7, "dθ");
        AssertLanes(FiniteDifferences.StateGradient(y, Loss), dy, "dy");
    }

    private static double Output(TanhDivergenceNet f, double[] t, double[] y, int component, int lane)
    {
        var dydt = new double[D * Stride];
        f.EvaluateBatch(t, y, dydt, Lanes, Stride);
        return dydt[(component * Stride) + lane];
    }

    /// <summary>Σ over rows and the first <see cref="Lanes"/> lanes (padding lanes hold garbage on purpose).</summary>
    private static double Dot(double[] x, double[] y, int rows)
    {
        int stride = rows == 1 ? Lanes : Stride;
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < Lanes; i++)
            {
                sum += x[(r * stride) + i] * y[(r * stride) + i];
            }
        }

        return sum;
    }

    private static void AssertLanes(double[] expected, double[] actual, string what)
    {
        for (int c = 0; c < D; c++)
        {
            for (int i = 0; i < Lanes; i++)
            {
                int k = (c * Stride) + i;
                Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-7 * Math.Max(1, Math.Abs(expected[k])), $"{what}[{c},{i}]: expected {expected[k]:R}, got {actual[k]:R}");
            }
        }
    }
}
