using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using OdeKernels.Checkpoints;

namespace OdeKernels.Training;

/// <summary>
/// A trajectory fit as a <see cref="Trainer{T}"/> trains it: each iteration takes the <see cref="ITrainingObjective{T}"/>'s
/// batch, solves it with <typeparamref name="TTableau"/>, scores the solve, and takes the gradient with
/// <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, LossFunction{T}, SolverOptions?, AdjointMethod, int)"/>
/// and the chosen adjoint, from one forward solve (the gradient overload that takes a <see cref="LossFunction{T}"/>
/// applies the objective to its own forward solution). Its checkpoint tensors are the system's parameters, named by
/// the system's layers (<see cref="IDifferentiableSystem{T}.Layers"/>, which a generated system carries) or stored as
/// one tensor for a system without them.
/// </summary>
/// <typeparam name="TSystem">The differentiable right-hand side (a generated network or a hand-written system).</typeparam>
/// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: not thread-safe; it trains the system in place; one trainer at a time.</remarks>
public sealed class TrajectoryFit<TSystem, TTableau, T> : IGradientObjective<T>
    where TSystem : IDifferentiableSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TSystem _system;
    private readonly ITrainingObjective<T> _objective;
    private readonly SolverOptions _solver;
    private readonly IReadOnlyList<DynamicsLayer>? _layers;

    // Layers read from the system's type rather than passed: a checkpoint that predates them (one flat tensor) still resumes.
    private readonly bool _acceptsFlat;

    /// <summary>Creates the fit.</summary>
    /// <param name="system">The system whose <see cref="IDifferentiableSystem{T}.Parameters"/> are trained in place.</param>
    /// <param name="objective">The batches and the loss.</param>
    /// <param name="solver">Tolerances and step control of the forward and backward solves; null for <see cref="SolverOptions.Default"/>.</param>
    /// <param name="adjoint">How gradients are taken through the solve.</param>
    /// <param name="layers">
    /// The layers that name the checkpoint tensors; null (the default) for the system's own
    /// (<see cref="IDifferentiableSystem{T}.Layers"/>), and one tensor <see cref="ModelCheckpoint.FlatName"/> when it has none.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="layers"/> describes another network.</exception>
    public TrajectoryFit(TSystem system, ITrainingObjective<T> objective, SolverOptions? solver = null, AdjointMethod adjoint = AdjointMethod.Backsolve, IReadOnlyList<DynamicsLayer>? layers = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(objective);
        IReadOnlyList<DynamicsLayer> own = TSystem.Layers;
        _acceptsFlat = layers is null && own.Count > 0;
        layers ??= own.Count > 0 ? own : null;
        if (layers is not null)
        {
            // Fails now, not at the first checkpoint, when the layers describe another network.
            _ = ModelCheckpoint.ToTensors<T>(system.Parameters, layers);
        }

        _system = system;
        _objective = objective;
        _solver = solver ?? SolverOptions.Default;
        _layers = layers;
        Adjoint = adjoint;
    }

    /// <summary>The system being trained.</summary>
    public TSystem System => _system;

    /// <summary>The system's type name.</summary>
    public string ModelName => typeof(TSystem).Name;

    /// <inheritdoc/>
    public string Tableau => TTableau.Info.Name;

    /// <inheritdoc/>
    public AdjointMethod Adjoint { get; }

    /// <summary>The layers that name the checkpoint tensors, or null for one flat tensor.</summary>
    public IReadOnlyList<DynamicsLayer>? Layers => _layers;

    /// <inheritdoc/>
    public int ParameterCount => _system.ParameterCount;

    /// <inheritdoc/>
    public Span<T> Parameters => _system.Parameters;

    /// <inheritdoc/>
    public TrainingStep Gradient(long iteration, TrainingRandom random, Span<T> gradient)
    {
        TrainingBatch<T> batch = _objective.NextBatch(iteration, random);
        // One forward solve: the loss and dL/dy come from the solution the gradient is taken at.
        Gradient<T> result = Ode.Gradient(
            _system, default(TTableau), batch.InitialStates, batch.SaveAt, (prediction, dLdY) => _objective.Loss(batch, prediction, dLdY), _solver, Adjoint);
        result.Parameters.CopyTo(gradient);
        SolverStats forward = result.Solution.Stats;
        return new TrainingStep(result.Loss, batch.IsComplete, forward.Evaluations, result.BackwardStats.Evaluations, forward.AcceptedSteps, forward.RejectedSteps);
    }

    /// <summary>Never stops the run: a trajectory fit stops at the loss target of a complete batch (<see cref="TrainingStep.IsComplete"/>).</summary>
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
        IReadOnlyList<DynamicsLayer>? layers = _acceptsFlat && file.TryGetTensor(ModelCheckpoint.FlatName, out _) ? null : _layers;
        var parameters = new T[_system.ParameterCount];
        ModelCheckpoint.Restore<T>(file, parameters, layers, [.. otherPrefixes]);
        return () => parameters.CopyTo(_system.Parameters);
    }
}
