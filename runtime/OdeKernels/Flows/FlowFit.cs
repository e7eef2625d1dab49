using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Checkpoints;
using OdeKernels.Training;

namespace OdeKernels.Flows;

/// <summary>
/// Maximum-likelihood training of a <see cref="ContinuousFlow{TDynamics, TTableau, T}"/> as an
/// <see cref="IGradientObjective{T}"/> for <see cref="Trainer{T}"/>: each iteration draws a batch of points (and, for
/// Hutchinson, a probe per point) from the run's random stream, solves the augmented state from t = 0 to t₁ and
/// differentiates L = −mean log p(x) + λ_K mean ∫‖f‖² + λ_J mean ∫‖∂f/∂z‖²_F with the chosen adjoint (Finlay et al.
/// 2020, eq. 5, with the integrals' batch means). Checkpoint tensors are the dynamics' parameters, named by its layers.
/// </summary>
/// <typeparam name="TDynamics">The dynamics with divergence.</typeparam>
/// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: not thread-safe; it trains the dynamics in place; one trainer at a time.</remarks>
public sealed class FlowFit<TDynamics, TTableau, T> : IGradientObjective<T>
    where TDynamics : IDivergenceSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ContinuousFlow<TDynamics, TTableau, T> _flow;
    private readonly T[] _data;
    private readonly AugmentedSystem<TDynamics, T> _system;
    private readonly IReadOnlyList<DynamicsLayer>? _layers;

    /// <summary>Creates the objective.</summary>
    /// <param name="flow">The flow whose dynamics are trained in place.</param>
    /// <param name="data">The training points, n × d, point after point (kept, not copied).</param>
    /// <param name="options">Batch, adjoint, estimator and regularisers; null for the defaults.</param>
    /// <exception cref="ArgumentException">The data are not a positive multiple of d or hold a non-finite value, the batch size is not positive, a weight is negative or not finite, or the adjoint is undefined.</exception>
    public FlowFit(ContinuousFlow<TDynamics, TTableau, T> flow, T[] data, FlowFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new FlowFitOptions();
        int d = flow.Dimension;
        if (data.Length == 0 || data.Length % d != 0)
        {
            throw new ArgumentException($"data must hold n × {d} values, but its length is {data.Length}.", nameof(data));
        }

        int bad = Array.FindIndex(data, x => !T.IsFinite(x));
        if (bad >= 0)
        {
            throw new ArgumentException($"data[{bad}] is {data[bad]}; every value must be finite.", nameof(data));
        }

        if (options.BatchSize <= 0)
        {
            throw new ArgumentException($"options.BatchSize must be positive, but it is {options.BatchSize}.", nameof(options));
        }

        if (!(options.KineticWeight >= 0) || !(options.JacobianWeight >= 0) || !double.IsFinite(options.KineticWeight) || !double.IsFinite(options.JacobianWeight))
        {
            throw new ArgumentException($"options.KineticWeight ({options.KineticWeight}) and options.JacobianWeight ({options.JacobianWeight}) must be finite and non-negative.", nameof(options));
        }

        if (!Enum.IsDefined(options.Adjoint))
        {
            throw new ArgumentException($"options.Adjoint {(int)options.Adjoint} is not an AdjointMethod.", nameof(options));
        }

        _flow = flow;
        _data = data;
        Options = options;
        _system = new AugmentedSystem<TDynamics, T>(flow.Dynamics, options.Terms);
        _layers = TDynamics.Layers.Count > 0 ? TDynamics.Layers : null;
    }

    /// <summary>The training options.</summary>
    public FlowFitOptions Options { get; }

    /// <summary>The augmented system the gradients are taken through.</summary>
    public AugmentedSystem<TDynamics, T> System => _system;

    /// <summary>The batch mean of −log p(x) of the last gradient (with the estimator's divergence), in nats.</summary>
    public double LastNegativeLogLikelihood { get; private set; } = double.NaN;

    /// <summary>The regularisers' part of the last loss (λ-weighted batch means).</summary>
    public double LastPenalty { get; private set; } = double.NaN;

    /// <summary>The dynamics' type name.</summary>
    public string ModelName => typeof(TDynamics).Name;

    /// <inheritdoc/>
    public string Tableau => TTableau.Info.Name;

    /// <inheritdoc/>
    public AdjointMethod Adjoint => Options.Adjoint;

    /// <inheritdoc/>
    public int ParameterCount => _system.ParameterCount;

    /// <inheritdoc/>
    public Span<T> Parameters => _system.Parameters;

    /// <inheritdoc/>
    public TrainingStep Gradient(long iteration, TrainingRandom random, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(random);
        int d = _flow.Dimension, n = _data.Length / d;
        bool whole = Options.BatchSize >= n;
        T[] points = whole ? _data : Draw(random, d, n);
        T[] y0 = _system.Layout.Augment<T>(points, random);
        Gradient<T> result = Ode.Gradient(_system, default(TTableau), y0, _flow.SaveTimes, Loss, _flow.Solver, Options.Adjoint);
        result.Parameters.CopyTo(gradient);
        SolverStats forward = result.Solution.Stats;
        bool complete = whole && !Options.Terms.NeedsProbe;
        return new TrainingStep(result.Loss, complete, forward.Evaluations, result.BackwardStats.Evaluations, forward.AcceptedSteps, forward.RejectedSteps);
    }

    /// <summary>Never stops the run.</summary>
    /// <param name="iterations">The iterations completed.</param>
    /// <returns>null.</returns>
    public TrainingStopReason? AfterStep(long iterations) => null;

    /// <inheritdoc/>
    public IReadOnlyList<SafeTensor> ToTensors() => ModelCheckpoint.ToTensors<T>(_system.Parameters, _layers);

    /// <inheritdoc/>
    public Action Restore(SafeTensorsFile file, IReadOnlyList<string> otherPrefixes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(otherPrefixes);
        var parameters = new T[_system.ParameterCount];
        ModelCheckpoint.Restore<T>(file, parameters, _layers, [.. otherPrefixes]);
        return () => parameters.CopyTo(_system.Parameters);
    }

    /// <summary>−mean log p(x) plus the penalty, with dL/dy at the last save (the first save is the data, fixed).</summary>
    private double Loss(Solution<T> solution, Span<T> dLdY)
    {
        AugmentedLayout layout = _system.Layout;
        int lanes = solution.Lanes, d = layout.StateSize;
        T scale = T.One / T.CreateChecked(lanes);
        double nll = 0;
        for (int lane = 0; lane < lanes; lane++)
        {
            ReadOnlySpan<T> final = solution.State(1, lane);
            nll -= ContinuousFlow<TDynamics, TTableau, T>.LogDensityAt(layout, final);

            // −log p = ½‖z‖² + (d/2) log 2π + Δlog p: ∂/∂z = z, ∂/∂Δlog p = 1.
            Span<T> g = dLdY.Slice((lanes + lane) * layout.Size, layout.Size);
            for (int c = 0; c < d; c++)
            {
                g[c] = final[c] * scale;
            }

            g[layout.LogDensityIndex] = scale;
        }

        LastNegativeLogLikelihood = nll / lanes;
        LastPenalty = layout.AddPenalty(solution, dLdY, Options.KineticWeight, Options.JacobianWeight);
        return LastNegativeLogLikelihood + LastPenalty;
    }

    private T[] Draw(TrainingRandom random, int d, int n)
    {
        var points = new T[Options.BatchSize * d];
        for (int i = 0; i < Options.BatchSize; i++)
        {
            _data.AsSpan(random.NextInt32(n) * d, d).CopyTo(points.AsSpan(i * d, d));
        }

        return points;
    }
}
