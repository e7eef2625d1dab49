using System;
using System.Numerics;
using OdeKernels.Training;

namespace OdeKernels.Flows;

/// <summary>
/// Adds the kinetic-energy and Jacobian-norm regularisers (Finlay et al. 2020) to any trajectory fit: wraps an
/// <see cref="ITrainingObjective{T}"/> written for the plain state so that a <see cref="TrajectoryFit{TSystem, TTableau, T}"/>
/// of the augmented system (<see cref="KineticSystem{TSystem, T}"/>, or <see cref="AugmentedSystem{TDynamics, T}"/>
/// with <see cref="AugmentedTerms.LogDensity"/> false) trains it. Batches get zero integrals (and a probe per lane for
/// Hutchinson); the inner loss sees the plain states, and the loss adds λ_K mean ∫‖f‖² + λ_J mean ∫‖∂f/∂z‖²_F over
/// the whole solve.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: not thread-safe: it keeps the inner batch between NextBatch and Loss, as a trainer calls them.</remarks>
public sealed class RegularizedObjective<T> : ITrainingObjective<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ITrainingObjective<T> _inner;
    private readonly AugmentedLayout _layout;
    private TrainingBatch<T>? _innerBatch;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The objective over the plain state.</param>
    /// <param name="layout">The augmented system's layout (its <c>Layout</c>); it must not carry Δlog p.</param>
    /// <param name="kineticWeight">λ_K (finite, ≥ 0).</param>
    /// <param name="jacobianWeight">λ_J (finite, ≥ 0).</param>
    /// <exception cref="ArgumentException">The layout carries Δlog p, or a weight is negative or not finite, or positive for a term the layout does not carry.</exception>
    public RegularizedObjective(ITrainingObjective<T> inner, AugmentedLayout layout, double kineticWeight, double jacobianWeight = 0)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.LogDensityIndex >= 0)
        {
            throw new ArgumentException("layout carries Δlog p; a regularised trajectory fit takes AugmentedTerms with LogDensity false (flows train with FlowFit).", nameof(layout));
        }

        CheckWeight(kineticWeight, layout.KineticIndex, nameof(kineticWeight));
        CheckWeight(jacobianWeight, layout.JacobianIndex, nameof(jacobianWeight));
        _inner = inner;
        _layout = layout;
        KineticWeight = kineticWeight;
        JacobianWeight = jacobianWeight;
    }

    /// <summary>λ_K.</summary>
    public double KineticWeight { get; }

    /// <summary>λ_J.</summary>
    public double JacobianWeight { get; }

    /// <summary>The regularisers' part of the last loss.</summary>
    public double LastPenalty { get; private set; } = double.NaN;

    /// <inheritdoc/>
    public TrainingBatch<T> NextBatch(long iteration, TrainingRandom random)
    {
        TrainingBatch<T> inner = _inner.NextBatch(iteration, random);
        int d = _layout.StateSize, size = _layout.Size;
        T[] initial = _layout.Augment<T>(inner.InitialStates, random);
        int rows = inner.Targets.Length / d;
        var targets = new T[rows * size];
        for (int r = 0; r < rows; r++)
        {
            inner.Targets.AsSpan(r * d, d).CopyTo(targets.AsSpan(r * size, d));
        }

        _innerBatch = inner;
        return new TrainingBatch<T>(initial, inner.SaveAt, targets, inner.IsComplete && !_layout.Terms.NeedsProbe);
    }

    /// <inheritdoc/>
    public double Loss(TrainingBatch<T> batch, Solution<T> prediction, Span<T> dLdY)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        TrainingBatch<T> inner = _innerBatch ?? throw new InvalidOperationException("Loss was called before NextBatch.");
        int d = _layout.StateSize, size = _layout.Size, rows = prediction.SaveCount * prediction.Lanes;
        var plain = new T[rows * d];
        var laneStats = new SolverStats[prediction.Lanes];
        for (int r = 0; r < rows; r++)
        {
            prediction.States.Slice(r * size, d).CopyTo(plain.AsSpan(r * d, d));
        }

        for (int lane = 0; lane < laneStats.Length; lane++)
        {
            laneStats[lane] = prediction.LaneStats(lane);
        }

        var view = new Solution<T>(plain, prediction.Times.ToArray(), prediction.Lanes, d, laneStats);
        var plainGradient = new T[plain.Length];
        double loss = _inner.Loss(inner, view, plainGradient);
        dLdY.Clear();
        for (int r = 0; r < rows; r++)
        {
            plainGradient.AsSpan(r * d, d).CopyTo(dLdY.Slice(r * size, d));
        }

        LastPenalty = _layout.AddPenalty(prediction, dLdY, KineticWeight, JacobianWeight);
        return loss + LastPenalty;
    }

    private static void CheckWeight(double weight, int index, string name)
    {
        if (!(weight >= 0) || !double.IsFinite(weight) || (weight > 0 && index < 0))
        {
            throw new ArgumentException($"{name} must be finite and non-negative, and 0 for a term the layout does not carry, but it is {weight}.", name);
        }
    }
}
