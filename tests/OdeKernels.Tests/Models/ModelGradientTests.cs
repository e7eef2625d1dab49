using System;
using OdeKernels;
using OdeKernels.Models;
using static OdeKernels.Tests.Networks.NetworkTestData;

namespace OdeKernels.Tests.Models;

/// <summary>
/// The gradient of stem → ODE block → head against central finite differences of the forward pass, in float64, for
/// every adjoint method: dL/dy₀ of the block feeds the stem's VJP, with the augmented component cut off.
/// </summary>
public sealed class ModelGradientTests
{
    public static TheoryData<AdjointMethod> Methods => new() { AdjointMethod.Direct, AdjointMethod.Checkpointed, AdjointMethod.Backsolve };

    [Theory]
    [MemberData(nameof(Methods))]
    public void ModelGradientMatchesFiniteDifferences(AdjointMethod method)
    {
        // Direct and Checkpointed differentiate the fixed-step solve exactly; Backsolve integrates the continuous
        // adjoint, which differs from the discrete gradient by the solver's error, O(h⁴) for Rk4 at h = 1/32.
        var options = new OdeBlockOptions { EndTime = 1.0, Solver = new SolverOptions { FixedStep = 1.0 / 32 }, Adjoint = method };
        var model = new OdeModel<Stem64, Field64, Rk4, Head64, double>(new Stem64(1), new Field64(2), new Head64(3), options, augment: 1, Field64.Layers);
        var random = new Random(4);
        const int Count = 5;
        double[] x = Uniform(random, Count * 2, 1.5);
        double[] a = Uniform(random, Count * 2, 1.0);
        var dx = new double[x.Length];
        var dtheta = new double[model.ParameterCount];
        model.Vjp(x, a, dx, dtheta, Count);

        double tolerance = method == AdjointMethod.Backsolve ? 1e-6 : 1e-8;
        var expectedX = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i], h = 1e-6;
            x[i] = saved + h;
            double plus = Dot(model, x, a, Count);
            x[i] = saved - h;
            double minus = Dot(model, x, a, Count);
            x[i] = saved;
            expectedX[i] = (plus - minus) / (2 * h);
        }

        AssertClose(expectedX, dx, tolerance, "dx");
        Span<double> theta = model.Parameters;
        var expectedTheta = new double[theta.Length];
        for (int q = 0; q < theta.Length; q++)
        {
            double saved = theta[q], h = 1e-6;
            theta[q] = saved + h;
            double plus = Dot(model, x, a, Count);
            theta[q] = saved - h;
            double minus = Dot(model, x, a, Count);
            theta[q] = saved;
            expectedTheta[q] = (plus - minus) / (2 * h);
        }

        AssertClose(expectedTheta, dtheta, tolerance, "dtheta");
    }

    [Fact]
    public void VjpAfterForwardReusesTheForwardSolveAndGivesTheSameGradient()
    {
        var options = new OdeBlockOptions { Solver = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 }, Adjoint = AdjointMethod.Direct };
        var model = new OdeModel<Stem64, Field64, Dopri5, Head64, double>(new Stem64(5), new Field64(6), new Head64(7), options, augment: 1);
        var random = new Random(8);
        double[] x = Uniform(random, 6, 1.0), a = Uniform(random, 6, 1.0);
        var cold = new double[model.ParameterCount];
        model.Vjp(x, a, default, cold, 3);
        var y = new double[6];
        model.Forward(x, y, 3);
        var warm = new double[model.ParameterCount];
        model.Vjp(x, a, default, warm, 3);
        Assert.Equal(cold, warm);
    }

    private static double Dot(INetwork<double> model, double[] x, double[] a, int count)
    {
        var y = new double[a.Length];
        model.Forward(x, y, count);
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += a[i] * y[i];
        }

        return sum;
    }

    internal static double[] Uniform(Random random, int count, double scale)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = scale * ((2 * random.NextDouble()) - 1);
        }

        return values;
    }
}
