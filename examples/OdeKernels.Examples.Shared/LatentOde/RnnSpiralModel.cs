using System;
using OdeKernels.Examples.Datasets;
using OdeKernels.Examples.Networks;
using OdeKernels.Latent;
using OdeKernels.Training;

namespace OdeKernels.Examples.LatentOde;

/// <summary>
/// The RNN baseline: the latent ODE's recognition network and VAE objective, with the ODE and decoder replaced by a
/// <see cref="GapGruDecoder{T}"/> (a GRU stepping over the time gaps). Float32.
/// </summary>
/// <remarks>Thread safety: not thread-safe (the encoder and decoder keep tapes); one thread at a time.</remarks>
public sealed class RnnSpiralModel : ISpiralModel
{
    /// <summary>The latent size, as the latent ODE's.</summary>
    public const int LatentSize = LatentSpiralModel.LatentSize;

    /// <summary>Fresh networks, each from its own stream of <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    public RnnSpiralModel(ulong seed)
    {
        int s = unchecked((int)seed);
        Cell = new SpiralEncoderCell(s + 11);
        Head = new SpiralEncoderHead(s + 12);
        Start = new RnnDecoderStart(s + 13);
        DecoderCell = new RnnDecoderCell(s + 14);
        Readout = new RnnDecoderReadout(s + 15);
        Encoder = new RecurrentEncoder<float>(Cell, Head);
        Decoder = new GapGruDecoder<float>(Start, DecoderCell, Readout);
    }

    /// <inheritdoc/>
    public string Name => "RNN";

    /// <summary>The encoder's GRU cell.</summary>
    public SpiralEncoderCell Cell { get; }

    /// <summary>The encoder's output network.</summary>
    public SpiralEncoderHead Head { get; }

    /// <summary>The decoder's first state from z0.</summary>
    public RnnDecoderStart Start { get; }

    /// <summary>The decoder's GRU cell.</summary>
    public RnnDecoderCell DecoderCell { get; }

    /// <summary>The decoder's readout.</summary>
    public RnnDecoderReadout Readout { get; }

    /// <summary>The recognition network.</summary>
    public RecurrentEncoder<float> Encoder { get; }

    /// <summary>The decoder.</summary>
    public GapGruDecoder<float> Decoder { get; }

    /// <inheritdoc/>
    public float[] Predict(ObservedSeries observed, double[] grid)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var encoded = new float[observed.Count * 2 * LatentSize];
        Encoder.Encode(observed.Offsets, observed.Times, observed.Values, encoded);
        var z0 = new float[observed.Count * LatentSize];
        Reparameterization.Apply<float>(encoded, LatentSize, new float[z0.Length], z0);
        (int[] offsets, float[] times) = ObservedSeries.OnGrid(observed.Count, grid);
        var predictions = new float[times.Length * ObservedSeries.Width];
        Decoder.Forward(z0, offsets, times, predictions);
        return predictions;
    }

    /// <summary>The training objective over <paramref name="data"/>.</summary>
    /// <param name="data">The training series.</param>
    /// <param name="batchSize">Series per iteration.</param>
    /// <returns>The objective.</returns>
    public RnnSpiralFit Fit(ObservedSeries data, int batchSize) => new(this, data, batchSize);
}

/// <summary>
/// The RNN baseline's objective, the same −ELBO per series as the latent ODE's (KL of q(z0) plus the Gaussian negative
/// log-likelihood with σ = 0.3), built from the runtime's VAE pieces around the GRU decoder.
/// </summary>
/// <remarks>Thread safety: not thread-safe; one trainer at a time.</remarks>
public sealed class RnnSpiralFit : SeriesFit<ObservedSeries, float>
{
    private readonly RnnSpiralModel _model;

    internal RnnSpiralFit(RnnSpiralModel model, ObservedSeries data, int batchSize)
        : base(data, data.Count, batchSize, () => model.Cell.Parameters, () => model.Head.Parameters, () => model.Start.Parameters, () => model.DecoderCell.Parameters, () => model.Readout.Parameters)
    {
        _model = model;
    }

    /// <inheritdoc/>
    public override string ModelName => "RnnSpiralBaseline";

    /// <inheritdoc/>
    public override string Tableau => "none";

    /// <inheritdoc/>
    public override AdjointMethod Adjoint => AdjointMethod.Direct;

    /// <inheritdoc/>
    protected override double Evaluate(int[] batch, TrainingRandom random, Span<float> gradient)
    {
        RnnSpiralModel m = _model;
        ObservedSeries b = Data.Select(batch);
        int count = b.Count, latent = RnnSpiralModel.LatentSize;
        var encoded = new float[count * 2 * latent];
        m.Encoder.Encode(b.Offsets, b.Times, b.Values, encoded);
        var epsilon = new float[count * latent];
        var z0 = new float[count * latent];
        Reparameterization.Sample<float>(encoded, latent, random, epsilon, z0);

        var predictions = new float[b.Values.Length];
        m.Decoder.Forward(z0, b.Offsets, b.Times, predictions);
        var dPredictions = new float[predictions.Length];
        double logLikelihood = GaussianLikelihood.Evaluate<float>(b.Values, predictions, ReadOnlySpan<bool>.Empty, ChenSpirals.NoiseStd, dPredictions);
        for (int k = 0; k < dPredictions.Length; k++)
        {
            dPredictions[k] = -dPredictions[k];
        }

        float[] cell = new float[m.Cell.ParameterCount], head = new float[m.Head.ParameterCount], start = new float[m.Start.ParameterCount];
        float[] decoderCell = new float[m.DecoderCell.ParameterCount], readout = new float[m.Readout.ParameterCount];
        var dz0 = new float[z0.Length];
        m.Decoder.Backward(dPredictions, dz0, start, decoderCell, readout);
        var dEncoded = new float[encoded.Length];
        Reparameterization.Vjp<float>(encoded, latent, epsilon, dz0, dEncoded);
        double kl = GaussianKl.Evaluate<float>(encoded, latent, Span<double>.Empty, dEncoded);
        m.Encoder.Backward(dEncoded, cell, head);
        Gather(gradient, 1f / count, cell, head, start, decoderCell, readout);
        return (kl - logLikelihood) / count;
    }
}
