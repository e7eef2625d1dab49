using System;
using System.Numerics;
using OdeKernels.Training;

namespace OdeKernels.Latent;

/// <summary>
/// The negative evidence lower bound of a latent ODE (Chen et al., 2018, §5; Rubanova et al., 2019) and its gradient
/// with respect to every parameter: the encoder (an <see cref="ISeriesEncoder{T}"/>: <see cref="RecurrentEncoder{T}"/> or <see cref="OdeRnnEncoder{TDynamics, TTableau, T}"/>) maps each series' observations to
/// [μ ; log σ²] of z0, z0 = μ + σ ⊙ ε (<see cref="Reparameterization"/>), the dynamics carry z0 from the start to each
/// series' own observation times (<see cref="LaneSaveTimes{T}"/>, one lane per series), the decoder maps z(tᵢ) to
/// predictions, and −ELBO = Σ_series [KL(q(z0) ‖ N(0, I)) − log p(x | z)] (<see cref="GaussianKl"/>,
/// <see cref="GaussianLikelihood"/>). The gradient runs backwards through the same pieces: the decoder's VJP gives
/// dL/dz(tᵢ), <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, LaneSaveTimes{T}, LaneLossFunction{T}, SolverOptions?, AdjointMethod, int)"/>
/// (any adjoint) gives the dynamics' gradient and dL/dz0, the reparameterisation's VJP plus the KL's gradient give the
/// encoder's cotangent, and <see cref="ISeriesEncoder{T}.Backward"/> backpropagates it through time.
/// </summary>
/// <typeparam name="TDynamics">The latent dynamics (StateSize = the encoder's latent size).</typeparam>
/// <typeparam name="TTableau">The Runge–Kutta method.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>
/// Series come in the encoder's ragged layout (row r of series i at <c>offsets[i] + r</c>, D values per row), and the
/// same rows are the save times of the solve, so the observation times must not lie before <see cref="Start"/>. The
/// sum is over series (not a mean): divide the value and the gradients by the batch size for a per-series loss.
/// Each call allocates its buffers (a few arrays of the batch's size).
/// <para>Thread safety: not thread-safe: the encoder keeps its tape between the passes; use one instance per
/// thread.</para>
/// </remarks>
public sealed class LatentOdeObjective<TDynamics, TTableau, T>
    where TDynamics : IDifferentiableSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Assembles the model; the networks' parameters stay theirs (not copied).</summary>
    /// <param name="encoder">The recognition network: D observed values per row, latent size L.</param>
    /// <param name="dynamics">The latent dynamics, StateSize L.</param>
    /// <param name="decoder">The observation model's mean: L inputs, D outputs.</param>
    /// <param name="start">The time every series' latent trajectory starts from (z0's time).</param>
    /// <param name="observationSigma">The fixed observation standard deviation (positive and finite).</param>
    /// <param name="solver">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <param name="adjoint">How to differentiate through the solve.</param>
    /// <exception cref="ArgumentException">The widths do not fit together or <paramref name="observationSigma"/> is not positive and finite; the message names the value.</exception>
    public LatentOdeObjective(RecurrentEncoder<T> encoder, TDynamics dynamics, INetwork<T> decoder, T start, double observationSigma, SolverOptions? solver = null, AdjointMethod adjoint = AdjointMethod.Backsolve)
        : this((ISeriesEncoder<T>)encoder, dynamics, decoder, start, observationSigma, solver, adjoint)
    {
    }

    /// <summary>Assembles the model; the networks' parameters stay theirs (not copied).</summary>
    /// <param name="encoder">The recognition network (<see cref="RecurrentEncoder{T}"/>, <see cref="OdeRnnEncoder{TDynamics, TTableau, T}"/>): D observed values per row, latent size L.</param>
    /// <param name="dynamics">The latent dynamics, StateSize L.</param>
    /// <param name="decoder">The observation model's mean: L inputs, D outputs.</param>
    /// <param name="start">The time every series' latent trajectory starts from (z0's time).</param>
    /// <param name="observationSigma">The fixed observation standard deviation (positive and finite).</param>
    /// <param name="solver">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <param name="adjoint">How to differentiate through the solve.</param>
    /// <exception cref="ArgumentException">The widths do not fit together or <paramref name="observationSigma"/> is not positive and finite; the message names the value.</exception>
    public LatentOdeObjective(ISeriesEncoder<T> encoder, TDynamics dynamics, INetwork<T> decoder, T start, double observationSigma, SolverOptions? solver = null, AdjointMethod adjoint = AdjointMethod.Backsolve)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(dynamics);
        ArgumentNullException.ThrowIfNull(decoder);
        if (dynamics.StateSize != encoder.LatentSize)
        {
            throw new ArgumentException($"The dynamics' StateSize is {dynamics.StateSize}, but the encoder's latent size is {encoder.LatentSize}.", nameof(dynamics));
        }

        if (decoder.Inputs != encoder.LatentSize || decoder.Outputs != encoder.ObservationWidth)
        {
            throw new ArgumentException($"The decoder maps {decoder.Inputs} to {decoder.Outputs} values; it must map the latent size {encoder.LatentSize} to the observation width {encoder.ObservationWidth}.", nameof(decoder));
        }

        GaussianLikelihood.CheckSigma(observationSigma, nameof(observationSigma));
        SeriesEncoder = encoder;
        Dynamics = dynamics;
        Decoder = decoder;
        Start = start;
        ObservationSigma = observationSigma;
        Solver = solver ?? SolverOptions.Default;
        Adjoint = adjoint;
    }

    /// <summary>The recognition network, when it is a <see cref="RecurrentEncoder{T}"/> (see <see cref="SeriesEncoder"/> for any).</summary>
    /// <exception cref="InvalidOperationException">The objective was built with another <see cref="ISeriesEncoder{T}"/>.</exception>
    public RecurrentEncoder<T> Encoder => SeriesEncoder as RecurrentEncoder<T>
        ?? throw new InvalidOperationException($"This objective encodes with {SeriesEncoder.GetType().Name}, not a RecurrentEncoder; read SeriesEncoder.");

    /// <summary>The recognition network.</summary>
    public ISeriesEncoder<T> SeriesEncoder { get; }

    /// <summary>The latent dynamics.</summary>
    public TDynamics Dynamics { get; }

    /// <summary>The decoder.</summary>
    public INetwork<T> Decoder { get; }

    /// <summary>The time z0 belongs to.</summary>
    public T Start { get; }

    /// <summary>The observation standard deviation.</summary>
    public double ObservationSigma { get; }

    /// <summary>The solver options.</summary>
    public SolverOptions Solver { get; }

    /// <summary>The adjoint.</summary>
    public AdjointMethod Adjoint { get; }

    /// <summary>
    /// Draws ε from <paramref name="random"/> (<see cref="Reparameterization.Sample{T}"/>: 2·L 64-bit draws per series,
    /// series after series) and returns −ELBO with its gradients as
    /// <see cref="Evaluate(ReadOnlySpan{int}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{bool}, ReadOnlySpan{T}, LatentOdeGradients{T})"/>.
    /// </summary>
    /// <param name="offsets">Where each series' rows start (series + 1 values).</param>
    /// <param name="times">The time of each row, strictly increasing within a series, none before <see cref="Start"/>.</param>
    /// <param name="values">The observations, D per row.</param>
    /// <param name="mask">True where a value was observed, like <paramref name="values"/>; empty when all were.</param>
    /// <param name="random">The run's random stream.</param>
    /// <param name="gradients">Receive the parameter gradients, added.</param>
    /// <returns>−ELBO summed over series.</returns>
    /// <exception cref="ArgumentException">An input is malformed; the message names it.</exception>
    /// <exception cref="OdeSolveException">A lane failed in the forward or the backward pass.</exception>
    public double Evaluate(ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, ReadOnlySpan<T> values, ReadOnlySpan<bool> mask, TrainingRandom random, LatentOdeGradients<T> gradients)
    {
        ArgumentNullException.ThrowIfNull(random);
        int series = Math.Max(0, offsets.Length - 1);
        var epsilon = new T[series * SeriesEncoder.LatentSize];
        Reparameterization.Draw<T>(random, epsilon);

        return Evaluate(offsets, times, values, mask, epsilon, gradients);
    }

    /// <summary>
    /// Returns −ELBO = Σ_series [KL(N(μ, σ²) ‖ N(0, I)) − log p(x | decoder(z(t)))] at the given ε and adds its gradient
    /// with respect to the encoder cell's, the encoder's hidden dynamics' (an ODE-RNN's), the encoder output network's, the dynamics' and the decoder's parameters into
    /// <paramref name="gradients"/>.
    /// </summary>
    /// <param name="offsets">Where each series' rows start (series + 1 values).</param>
    /// <param name="times">The time of each row, strictly increasing within a series, none before <see cref="Start"/>.</param>
    /// <param name="values">The observations, D per row.</param>
    /// <param name="mask">True where a value was observed, like <paramref name="values"/>; empty when all were.</param>
    /// <param name="epsilon">ε, L values per series.</param>
    /// <param name="gradients">Receive the parameter gradients, added.</param>
    /// <returns>−ELBO summed over series.</returns>
    /// <exception cref="ArgumentException">An input is malformed; the message names it.</exception>
    /// <exception cref="OdeSolveException">A lane failed in the forward or the backward pass.</exception>
    public double Evaluate(ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, ReadOnlySpan<T> values, ReadOnlySpan<bool> mask, ReadOnlySpan<T> epsilon, LatentOdeGradients<T> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        gradients.Check(SeriesEncoder, Dynamics.ParameterCount, Decoder);
        int latent = SeriesEncoder.LatentSize, width = SeriesEncoder.ObservationWidth;
        int series = Math.Max(0, offsets.Length - 1);
        var encoded = new T[series * 2 * latent];
        SeriesEncoder.Encode(offsets, times, values, encoded);
        var z0 = new T[series * latent];
        Reparameterization.Apply(encoded, latent, epsilon, z0);

        var saveAt = new LaneSaveTimes<T>(Start, offsets, times);
        int rows = saveAt.Count;
        T[] observed = values[..(rows * width)].ToArray();
        bool[] observedMask = mask.ToArray();
        var decoderGradient = new T[Decoder.ParameterCount];
        var predictions = new T[rows * width];
        var dPredictions = new T[rows * width];
        INetwork<T> decoder = Decoder;
        double sigma = ObservationSigma;

        // L = −log p(x | z): dL/dx̂ = −d log p/dx̂, and the decoder's VJP turns it into dL/dz(tᵢ).
        double Loss(LaneSolution<T> solution, Span<T> dLdZ)
        {
            decoder.Forward(solution.States, predictions, rows);
            Array.Clear(dPredictions);
            double logLikelihood = GaussianLikelihood.Evaluate<T>(observed, predictions, observedMask, sigma, dPredictions);
            for (int k = 0; k < dPredictions.Length; k++)
            {
                dPredictions[k] = -dPredictions[k];
            }

            Array.Clear(decoderGradient);
            decoder.Vjp(solution.States, dPredictions, dLdZ, decoderGradient, rows);
            return -logLikelihood;
        }

        LaneGradient<T> solve = Ode.Gradient(Dynamics, default(TTableau), z0, saveAt, Loss, Solver, Adjoint);
        Add(gradients.Dynamics, solve.Parameters);
        Add(gradients.Decoder, decoderGradient);

        var dEncoded = new T[encoded.Length];
        Reparameterization.Vjp<T>(encoded, latent, epsilon, solve.InitialState, dEncoded);
        double kl = GaussianKl.Evaluate<T>(encoded, latent, Span<double>.Empty, dEncoded);
        SeriesEncoder.Backward(dEncoded, new SeriesEncoderGradients<T> { Cell = gradients.Cell, Dynamics = gradients.EncoderDynamics, Output = gradients.Output });
        return kl + solve.Loss;
    }

    private static void Add(Span<T> into, ReadOnlySpan<T> values)
    {
        for (int k = 0; k < values.Length; k++)
        {
            into[k] += values[k];
        }
    }
}
