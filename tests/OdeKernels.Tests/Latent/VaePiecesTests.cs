using System;
using OdeKernels.Latent;
using OdeKernels.Tests.Dynamics;
using OdeKernels.Tests.Flows;
using OdeKernels.Tests.Networks;
using OdeKernels.Training;

namespace OdeKernels.Tests.Latent;

/// <summary>
/// The VAE pieces of a latent ODE: the reparameterised sample against its formula and the documented draws of the
/// run's stream, its VJP, the Gaussian KL against numerical quadrature of ∫ q log(q/p) and the observation
/// log-likelihood against the Gaussian density, each gradient against float64 central differences.
/// </summary>
public sealed class VaePiecesTests
{
    // Three series of a 2-dimensional z0: [μ₀ μ₁ ; log σ²₀ log σ²₁] per series.
    private static readonly double[] Encoded = [0.3, -1.2, -0.5, 0.8, 0.0, 2.0, 1.1, -2.0, -0.7, 0.25, 0.0, 0.4];

    [Fact]
    public void SampleDrawsOneGaussianPerComponentInOrder()
    {
        var random = new TrainingRandom(seed: 42, draws: 7);
        var epsilon = new double[6];
        var z0 = new double[6];
        Reparameterization.Sample<double>(Encoded, 2, random, epsilon, z0);

        // The documented draws: series after series, component after component, two 64-bit draws each.
        var reference = new TrainingRandom(seed: 42, draws: 7);
        for (int s = 0; s < 3; s++)
        {
            for (int c = 0; c < 2; c++)
            {
                double e = reference.NextGaussian();
                Assert.Equal(e, epsilon[(2 * s) + c]);
                double expected = Encoded[(4 * s) + c] + (Math.Sqrt(Math.Exp(Encoded[(4 * s) + 2 + c])) * e);
                Assert.True(Math.Abs(expected - z0[(2 * s) + c]) <= 1e-14 * Math.Max(1, Math.Abs(expected)), $"z0[{(2 * s) + c}]: expected {expected:R}, got {z0[(2 * s) + c]:R}");
            }
        }

        Assert.Equal(7 + (2 * 3 * 2), random.Draws);
        Assert.Equal(reference.Draws, random.Draws);
    }

    [Fact]
    public void ReparameterizationVjpMatchesFiniteDifferences()
    {
        double[] epsilon = NetworkTestData.Uniform(new Random(1), 6, 1.5);
        double[] dz0 = NetworkTestData.Uniform(new Random(2), 6, 1.0);
        double[] start = NetworkTestData.Uniform(new Random(3), Encoded.Length, 1.0);
        double[] gradient = (double[])start.Clone();
        Reparameterization.Vjp<double>(Encoded, 2, epsilon, dz0, gradient);
        for (int k = 0; k < gradient.Length; k++)
        {
            gradient[k] -= start[k];
        }

        double[] expected = FiniteDifferences.StateGradient(Encoded, e =>
        {
            var z0 = new double[6];
            Reparameterization.Apply<double>(e, 2, epsilon, z0);
            return Dot(dz0, z0);
        });
        FiniteDifference.AssertClose(expected, gradient, 1e-8, "d(dz0·z0)/d[μ ; log σ²]");
    }

    [Fact]
    public void KlMatchesQuadratureOfTheDensities()
    {
        var perSeries = new double[3];
        double total = GaussianKl.Evaluate<double>(Encoded, 2, perSeries, Span<double>.Empty);
        double sum = 0;
        for (int s = 0; s < 3; s++)
        {
            // A diagonal Gaussian's KL is the sum of its components' one-dimensional KLs.
            double expected = 0;
            for (int c = 0; c < 2; c++)
            {
                expected += QuadratureKl(Encoded[(4 * s) + c], Math.Exp(0.5 * Encoded[(4 * s) + 2 + c]));
            }

            Assert.True(Math.Abs(expected - perSeries[s]) <= 1e-8, $"series {s}: quadrature {expected:R}, closed form {perSeries[s]:R}");
            sum += perSeries[s];
        }

        Assert.Equal(sum, total, 12);
        Assert.Equal(0.0, GaussianKl.Evaluate<double>([0.0, 0.0], 1, Span<double>.Empty, Span<double>.Empty));
    }

    [Fact]
    public void KlGradientMatchesFiniteDifferences()
    {
        var gradient = new double[Encoded.Length];
        GaussianKl.Evaluate<double>(Encoded, 2, Span<double>.Empty, gradient);
        double[] expected = FiniteDifferences.StateGradient(Encoded, e => GaussianKl.Evaluate<double>(e, 2, Span<double>.Empty, Span<double>.Empty));
        FiniteDifference.AssertClose(expected, gradient, 1e-7, "dKL/d[μ ; log σ²]");
    }

    [Fact]
    public void LikelihoodIsTheGaussianDensityOverObservedValuesOnly()
    {
        double[] x = NetworkTestData.Uniform(new Random(4), 10, 2.0);
        double[] prediction = NetworkTestData.Uniform(new Random(5), 10, 2.0);
        bool[] mask = [true, false, true, true, false, true, true, true, false, true];
        const double sigma = 0.7;
        double value = GaussianLikelihood.Evaluate<double>(x, prediction, mask, sigma, Span<double>.Empty);
        double expected = 0;
        for (int k = 0; k < x.Length; k++)
        {
            if (mask[k])
            {
                expected += Math.Log(Math.Exp(-0.5 * Math.Pow((x[k] - prediction[k]) / sigma, 2)) / (sigma * Math.Sqrt(2 * Math.PI)));
            }
        }

        Assert.True(Math.Abs(expected - value) <= 1e-12 * Math.Abs(expected), $"expected {expected:R}, got {value:R}");

        // A missing value may be anything: it changes neither the value nor the gradient.
        double[] changed = (double[])x.Clone();
        changed[1] = 1e6;
        changed[8] = double.NaN;
        var g1 = new double[10];
        var g2 = new double[10];
        Assert.Equal(GaussianLikelihood.Evaluate<double>(x, prediction, mask, sigma, g1), GaussianLikelihood.Evaluate<double>(changed, prediction, mask, sigma, g2));
        Assert.Equal(g1, g2);
        Assert.Equal(0.0, g1[1]);
        Assert.Equal(0.0, g1[4]);

        double[] fd = FiniteDifferences.StateGradient(prediction, p => GaussianLikelihood.Evaluate<double>(x, p, mask, sigma, Span<double>.Empty));
        FiniteDifference.AssertClose(fd, g1, 1e-7, "d log p / dx̂");
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => GaussianLikelihood.Evaluate<double>([1.0], [1.0], ReadOnlySpan<bool>.Empty, 0.0, Span<double>.Empty));
        Assert.Equal("sigma", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => GaussianKl.Evaluate<double>([1.0, 2.0, 3.0], 2, Span<double>.Empty, Span<double>.Empty));
        Assert.Equal("meanAndLogVariance", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Reparameterization.Apply<double>([1.0, 2.0], 1, [1.0, 2.0], new double[1]));
        Assert.Equal("epsilon", e.ParamName);
    }

    /// <summary>KL(N(μ, σ²) ‖ N(0, 1)) = ∫ q log(q / p) by the composite Simpson rule over μ ± 14σ.</summary>
    private static double QuadratureKl(double mean, double sigma)
    {
        const int intervals = 40000;
        double a = mean - (14 * sigma), b = mean + (14 * sigma), h = (b - a) / intervals, sum = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double x = a + (i * h);
            double logQ = (-0.5 * Math.Pow((x - mean) / sigma, 2)) - Math.Log(sigma * Math.Sqrt(2 * Math.PI));
            double logP = (-0.5 * x * x) - Math.Log(Math.Sqrt(2 * Math.PI));
            double weight = i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += weight * Math.Exp(logQ) * (logQ - logP);
        }

        return sum * h / 3;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }
}
