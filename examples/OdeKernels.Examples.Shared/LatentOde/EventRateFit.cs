using System;
using OdeKernels.Examples.Datasets;
using OdeKernels.Examples.Networks;
using OdeKernels.Latent;
using OdeKernels.Training;

namespace OdeKernels.Examples.LatentOde;

/// <summary>
/// The Poisson variant's model: each sequence's latent state starts at its known z0 and follows the learned
/// <see cref="EventField"/>; the learned <see cref="EventRate"/> λ(z) gives the event rate; the log-likelihood of the
/// events is <see cref="PoissonProcessLikelihood{TDynamics, TTableau, T}"/> (the rate's integral an augmented state).
/// </summary>
/// <remarks>Thread safety: not thread-safe; one thread at a time.</remarks>
public sealed class EventRateModel
{
    /// <summary>Fresh networks from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="solver">The solver's tolerances.</param>
    public EventRateModel(ulong seed, SolverOptions solver)
    {
        int s = unchecked((int)seed);
        Field = new EventField(s + 21);
        Rate = new EventRate(s + 22);
        Likelihood = new PoissonProcessLikelihood<EventField, Dopri5, double>(Field, Rate, solver, AdjointMethod.Direct);
        Solver = solver;
    }

    /// <summary>The latent dynamics.</summary>
    public EventField Field { get; }

    /// <summary>The rate network.</summary>
    public EventRate Rate { get; }

    /// <summary>The likelihood.</summary>
    public PoissonProcessLikelihood<EventField, Dopri5, double> Likelihood { get; }

    /// <summary>The solver's options.</summary>
    public SolverOptions Solver { get; }

    /// <summary>The log-likelihood of every sequence, summed.</summary>
    /// <param name="data">The sequences.</param>
    /// <returns>Σ log p.</returns>
    public double LogLikelihood(EventSequences data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ends = new double[data.Count];
        Array.Fill(ends, data.End);
        return Likelihood.Evaluate(data.Z0, 0.0, data.Offsets, data.Times, ends, Span<double>.Empty, Span<double>.Empty, Span<double>.Empty);
    }

    /// <summary>The learned rate λ(z(t)) of every sequence at <paramref name="grid"/>: sequence i at point k is <c>[i · grid.Length + k]</c>.</summary>
    /// <param name="data">The sequences (their z0).</param>
    /// <param name="grid">The times, from 0, increasing.</param>
    /// <returns>The rates.</returns>
    public double[] RateAt(EventSequences data, double[] grid)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(grid);
        var offsets = new int[data.Count + 1];
        var times = new double[data.Count * grid.Length];
        for (int i = 0; i < data.Count; i++)
        {
            offsets[i + 1] = offsets[i] + grid.Length;
            grid.CopyTo(times, offsets[i]);
        }

        LaneSolution<double> z = Ode.Solve(Field, default(Dopri5), data.Z0, new LaneSaveTimes<double>(0.0, offsets, times), Solver);
        var rates = new double[times.Length];
        Rate.Forward(z.States, rates, times.Length);
        return rates;
    }
}

/// <summary>The Poisson variant's objective: −log p(events) per sequence over a minibatch, with its gradient.</summary>
/// <remarks>Thread safety: not thread-safe; one trainer at a time.</remarks>
public sealed class EventRateFit : SeriesFit<EventSequences, double>
{
    private readonly EventRateModel _model;

    /// <summary>Creates the objective.</summary>
    /// <param name="model">The model trained in place.</param>
    /// <param name="data">The training sequences.</param>
    /// <param name="batchSize">Sequences per iteration.</param>
    public EventRateFit(EventRateModel model, EventSequences data, int batchSize)
        : base(data, data?.Count ?? 0, batchSize, () => model!.Field.Parameters, () => model!.Rate.Parameters)
    {
        _model = model;
    }

    /// <inheritdoc/>
    public override string ModelName => "EventRateOde";

    /// <inheritdoc/>
    public override string Tableau => Dopri5.Info.Name;

    /// <inheritdoc/>
    public override AdjointMethod Adjoint => _model.Likelihood.Adjoint;

    /// <inheritdoc/>
    protected override double Evaluate(int[] batch, TrainingRandom random, Span<double> gradient)
    {
        EventSequences b = Data.Select(batch);
        var ends = new double[b.Count];
        Array.Fill(ends, b.End);
        var field = new double[_model.Field.ParameterCount];
        var rate = new double[_model.Rate.ParameterCount];
        double logLikelihood = _model.Likelihood.Evaluate(b.Z0, 0.0, b.Offsets, b.Times, ends, Span<double>.Empty, field, rate);
        Gather(gradient, -1.0 / b.Count, field, rate);
        return -logLikelihood / b.Count;
    }
}
