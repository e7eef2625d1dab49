using System;
using OdeKernels.Latent;
using OdeKernels.Tests.Flows;
using OdeKernels.Tests.Networks;
using OdeKernels.Training;

namespace OdeKernels.Tests.Latent;

/// <summary>
/// The ELBO of a tiny latent ODE (GRU encoder, tanh dynamics, tanh decoder; latent 2, observations of 2) over a ragged
/// batch with per-series times, a missing value and an empty series: its gradient with respect to every network's
/// parameters against float64 central differences of the whole objective at a fixed ε, with Direct and Backsolve.
/// </summary>
public sealed class LatentOdeObjectiveTests
{
    // Four series of 3, 1, 0 and 4 rows; times from the start 0, strictly increasing per series.
    private static readonly int[] Offsets = [0, 3, 4, 4, 8];
    private static readonly double[] Times = [0.1, 0.4, 1.1, 0.0, 0.2, 0.25, 0.7, 1.3];

    // Fixed steps: the finite differences see a smooth function of the parameters (no step-size decisions flip).
    private static readonly SolverOptions Tight = new() { FixedStep = 0.01 };

    private sealed record Model(Gru64 Cell, EncoderHead64 Head, LatentField64 Field, LatentDecoder64 Decoder)
    {
        public LatentOdeObjective<LatentField64, Tsit5, double> Objective(AdjointMethod method) =>
            new(new RecurrentEncoder<double>(Cell, Head), Field, Decoder, 0.0, 0.3, Tight, method);

        public LatentOdeGradients<double> NewGradients() =>
            new(Cell.ParameterCount, Head.ParameterCount, Field.ParameterCount, Decoder.ParameterCount);
    }

    private static Model NewModel() => new(new Gru64(41), new EncoderHead64(42), new LatentField64(43), new LatentDecoder64(44));

    private static double[] Values() => NetworkTestData.Uniform(new Random(45), 8 * 2, 1.0);

    private static bool[] Mask()
    {
        var mask = new bool[16];
        Array.Fill(mask, true);
        mask[3] = false;
        return mask;
    }

    private static double[] Epsilon() => NetworkTestData.Uniform(new Random(46), 4 * 2, 1.0);

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Backsolve)]
    public void GradientMatchesFiniteDifferences(AdjointMethod method)
    {
        Model model = NewModel();
        LatentOdeObjective<LatentField64, Tsit5, double> objective = model.Objective(method);
        double[] values = Values(), epsilon = Epsilon();
        bool[] mask = Mask();
        LatentOdeGradients<double> gradients = model.NewGradients();
        double loss = objective.Evaluate(Offsets, Times, values, mask, epsilon, gradients);
        Assert.True(double.IsFinite(loss) && loss > 0, $"−ELBO = {loss:R}");

        double Value() => objective.Evaluate(Offsets, Times, values, mask, epsilon, model.NewGradients());
        FiniteDifference.AssertClose(Perturbed(model.Cell.Parameters, Value), gradients.Cell, 1e-5, $"{method}: encoder cell");
        FiniteDifference.AssertClose(Perturbed(model.Head.Parameters, Value), gradients.Output, 1e-5, $"{method}: encoder output");
        FiniteDifference.AssertClose(Perturbed(model.Field.Parameters, Value), gradients.Dynamics, 1e-5, $"{method}: dynamics");
        FiniteDifference.AssertClose(Perturbed(model.Decoder.Parameters, Value), gradients.Decoder, 1e-5, $"{method}: decoder");
    }

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Backsolve)]
    public void OdeRnnEncoderGradientMatchesFiniteDifferences(AdjointMethod method)
    {
        var cell = new OdeRnnCell64(51);
        var field = new OdeRnnField64(52);
        var head = new OdeRnnHead64(53);
        var dynamics = new LatentField64(54);
        var decoder = new LatentDecoder64(55);
        var encoder = new OdeRnnEncoder<OdeRnnField64, Tsit5, double>(cell, field, head, Tight, method);
        var objective = new LatentOdeObjective<LatentField64, Tsit5, double>(encoder, dynamics, decoder, 0.0, 0.3, Tight, method);
        LatentOdeGradients<double> NewGradients() =>
            new(cell.ParameterCount, head.ParameterCount, dynamics.ParameterCount, decoder.ParameterCount, field.ParameterCount);

        double[] values = Values(), epsilon = Epsilon();
        bool[] mask = Mask();
        LatentOdeGradients<double> gradients = NewGradients();
        double loss = objective.Evaluate(Offsets, Times, values, mask, epsilon, gradients);
        Assert.True(double.IsFinite(loss) && loss > 0, $"−ELBO = {loss:R}");

        double Value() => objective.Evaluate(Offsets, Times, values, mask, epsilon, NewGradients());
        FiniteDifference.AssertClose(Perturbed(cell.Parameters, Value), gradients.Cell, 1e-5, $"{method}: encoder cell");
        FiniteDifference.AssertClose(Perturbed(field.Parameters, Value), gradients.EncoderDynamics, 1e-5, $"{method}: encoder dynamics");
        FiniteDifference.AssertClose(Perturbed(head.Parameters, Value), gradients.Output, 1e-5, $"{method}: encoder output");
        FiniteDifference.AssertClose(Perturbed(dynamics.Parameters, Value), gradients.Dynamics, 1e-5, $"{method}: dynamics");
        FiniteDifference.AssertClose(Perturbed(decoder.Parameters, Value), gradients.Decoder, 1e-5, $"{method}: decoder");
        Assert.Contains(gradients.EncoderDynamics, v => Math.Abs(v) > 1e-4);

        // The encoder is not a RecurrentEncoder, and gradients without room for its dynamics are refused.
        Assert.Same(encoder, objective.SeriesEncoder);
        Assert.Throws<InvalidOperationException>(() => objective.Encoder);
        var tooFew = new LatentOdeGradients<double>(cell.ParameterCount, head.ParameterCount, dynamics.ParameterCount, decoder.ParameterCount);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => objective.Evaluate(Offsets, Times, values, mask, epsilon, tooFew)).ParamName);
    }

    [Fact]
    public void TheSeededOverloadUsesTheDocumentedDraws()
    {
        Model model = NewModel();
        LatentOdeObjective<LatentField64, Tsit5, double> objective = model.Objective(AdjointMethod.Direct);
        double[] values = Values();
        var random = new TrainingRandom(seed: 9);
        LatentOdeGradients<double> seeded = model.NewGradients();
        double a = objective.Evaluate(Offsets, Times, values, ReadOnlySpan<bool>.Empty, random, seeded);
        Assert.Equal(2 * 4 * 2, random.Draws);

        var reference = new TrainingRandom(seed: 9);
        var epsilon = new double[8];
        for (int k = 0; k < epsilon.Length; k++)
        {
            epsilon[k] = reference.NextGaussian();
        }

        LatentOdeGradients<double> given = model.NewGradients();
        Assert.Equal(objective.Evaluate(Offsets, Times, values, ReadOnlySpan<bool>.Empty, epsilon, given), a);
        Assert.Equal(given.Dynamics, seeded.Dynamics);
        Assert.Equal(given.Cell, seeded.Cell);
    }

    [Fact]
    public void MismatchedNetworksAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new LatentOdeObjective<LatentField64, Tsit5, double>(
            new RecurrentEncoder<double>(new Gru64(1), new EncoderHead64(2)), new LatentField64(3), new EventRate64(4), 0.0, 0.3));
        Assert.Equal("decoder", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => new LatentOdeObjective<LatentField64, Tsit5, double>(
            new RecurrentEncoder<double>(new Gru64(1), new EncoderHead64(2)), new LatentField64(3), new LatentDecoder64(4), 0.0, -1.0));
        Assert.Equal("observationSigma", e.ParamName);
    }

    /// <summary>Central differences of <paramref name="value"/> over <paramref name="theta"/>, perturbed in place and restored.</summary>
    internal static double[] Perturbed(Span<double> theta, Func<double> value) => CentralDifferences.Of(theta, value);
}
