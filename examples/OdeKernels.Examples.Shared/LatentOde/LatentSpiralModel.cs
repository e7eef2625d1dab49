using System;
using OdeKernels.Examples.Datasets;
using OdeKernels.Examples.Networks;
using OdeKernels.Latent;
using OdeKernels.Training;

namespace OdeKernels.Examples.LatentOde;

/// <summary>
/// Chen et al.'s latent ODE for the spirals (2018, §5.1): a GRU run backwards over the observations and time gaps
/// (<see cref="RecurrentEncoder{T}"/>) gives q(z0) = N(μ, σ²), the generated <see cref="LatentSpiralField"/> carries z0
/// from t = 0 to every time, and <see cref="SpiralDecoder"/> maps z(t) to the mean of the observation, in float32.
/// </summary>
/// <remarks>Thread safety: not thread-safe (the encoder keeps its tape); one thread at a time.</remarks>
public sealed class LatentSpiralModel : ISpiralModel
{
    /// <summary>The latent size (Chen et al.'s latent_dim).</summary>
    public const int LatentSize = 4;

    /// <summary>Fresh networks, each initialised from its own stream of <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="solver">The solver's tolerances.</param>
    public LatentSpiralModel(ulong seed, SolverOptions solver)
    {
        int s = unchecked((int)seed);
        Cell = new SpiralEncoderCell(s + 1);
        Head = new SpiralEncoderHead(s + 2);
        Field = new LatentSpiralField(s + 3);
        Decoder = new SpiralDecoder(s + 4);
        Encoder = new RecurrentEncoder<float>(Cell, Head);
        Solver = solver;
    }

    /// <inheritdoc/>
    public string Name => "latent ODE";

    /// <summary>The encoder's GRU cell.</summary>
    public SpiralEncoderCell Cell { get; }

    /// <summary>The encoder's output network.</summary>
    public SpiralEncoderHead Head { get; }

    /// <summary>The latent dynamics.</summary>
    public LatentSpiralField Field { get; }

    /// <summary>The decoder.</summary>
    public SpiralDecoder Decoder { get; }

    /// <summary>The recognition network.</summary>
    public RecurrentEncoder<float> Encoder { get; }

    /// <summary>The solver's options.</summary>
    public SolverOptions Solver { get; }

    /// <summary>The mean of every series' z0.</summary>
    /// <param name="observed">The observations.</param>
    /// <returns><see cref="LatentSize"/> values per series.</returns>
    public float[] EncodeMean(ObservedSeries observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var encoded = new float[observed.Count * 2 * LatentSize];
        Encoder.Encode(observed.Offsets, observed.Times, observed.Values, encoded);
        var mean = new float[observed.Count * LatentSize];
        for (int i = 0; i < observed.Count; i++)
        {
            encoded.AsSpan(2 * i * LatentSize, LatentSize).CopyTo(mean.AsSpan(i * LatentSize));
        }

        return mean;
    }

    /// <summary>The latent trajectories from the mean z0 of every series at <paramref name="grid"/>: series i at point k is <c>[(i · grid.Length + k) · L + c]</c>.</summary>
    /// <param name="observed">The observations.</param>
    /// <param name="grid">The times (from 0 or later, increasing).</param>
    /// <returns>The latent states.</returns>
    public float[] Latent(ObservedSeries observed, double[] grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        float[] z0 = EncodeMean(observed);
        (int[] offsets, float[] times) = ObservedSeries.OnGrid(observed.Count, grid);
        LaneSolution<float> solution = Ode.Solve(Field, default(Dopri5), z0, new LaneSaveTimes<float>(0f, offsets, times), Solver);
        return solution.States.ToArray();
    }

    /// <inheritdoc/>
    public float[] Predict(ObservedSeries observed, double[] grid)
    {
        float[] latent = Latent(observed, grid);
        int rows = latent.Length / LatentSize;
        var predictions = new float[rows * ObservedSeries.Width];
        Decoder.Forward(latent, predictions, rows);
        return predictions;
    }

    /// <summary>The training objective over <paramref name="data"/>.</summary>
    /// <param name="data">The training series.</param>
    /// <param name="batchSize">Series per iteration.</param>
    /// <param name="adjoint">How to differentiate through the solve.</param>
    /// <returns>The objective.</returns>
    public LatentSpiralFit Fit(ObservedSeries data, int batchSize, AdjointMethod adjoint) => new(this, data, batchSize, adjoint);
}

/// <summary>
/// The latent ODE's training objective: −ELBO per series (<see cref="LatentOdeObjective{TDynamics, TTableau, T}"/>:
/// KL of q(z0) to N(0, I) minus the Gaussian log-likelihood of the observations with σ = 0.3, Chen et al.'s noise),
/// averaged over a minibatch; ε from the run's random stream.
/// </summary>
/// <remarks>Thread safety: not thread-safe; one trainer at a time.</remarks>
public sealed class LatentSpiralFit : SeriesFit<ObservedSeries, float>
{
    private readonly LatentSpiralModel _model;
    private readonly LatentOdeObjective<LatentSpiralField, Dopri5, float> _objective;
    private readonly LatentOdeGradients<float> _gradients;

    internal LatentSpiralFit(LatentSpiralModel model, ObservedSeries data, int batchSize, AdjointMethod adjoint)
        : base(data, data.Count, batchSize, () => model.Cell.Parameters, () => model.Head.Parameters, () => model.Field.Parameters, () => model.Decoder.Parameters)
    {
        _model = model;
        _objective = new LatentOdeObjective<LatentSpiralField, Dopri5, float>(model.Encoder, model.Field, model.Decoder, 0f, ChenSpirals.NoiseStd, model.Solver, adjoint);
        _gradients = new LatentOdeGradients<float>(model.Cell.ParameterCount, model.Head.ParameterCount, model.Field.ParameterCount, model.Decoder.ParameterCount);
    }

    /// <inheritdoc/>
    public override string ModelName => "LatentSpiralOde";

    /// <inheritdoc/>
    public override string Tableau => Dopri5.Info.Name;

    /// <inheritdoc/>
    public override AdjointMethod Adjoint => _objective.Adjoint;

    /// <summary>The model trained.</summary>
    public LatentSpiralModel Model => _model;

    /// <inheritdoc/>
    protected override double Evaluate(int[] batch, TrainingRandom random, Span<float> gradient)
    {
        ObservedSeries b = Data.Select(batch);
        _gradients.Clear();
        double loss = _objective.Evaluate(b.Offsets, b.Times, b.Values, ReadOnlySpan<bool>.Empty, random, _gradients);
        Gather(gradient, 1f / batch.Length, _gradients.Cell, _gradients.Output, _gradients.Dynamics, _gradients.Decoder);
        return loss / batch.Length;
    }
}
