using System;
using OdeKernels.Solving;

namespace OdeKernels.Benchmarks.Workloads;

/// <summary>One small trajectory solved three ways, its inputs and output buffer allocated once.</summary>
internal interface ISmallSolve
{
    /// <summary><see cref="Ode.SolveInto"/>: the single-lane path into a reused buffer (allocates nothing).</summary>
    void Into();

    /// <summary><see cref="Ode.Solve{TSystem, TTableau, T}"/>: the single-lane path, returning a new <see cref="Solution{T}"/>.</summary>
    void Solve();

    /// <summary>The batched integrator with one lane: what <see cref="Ode.Solve{TSystem, TTableau, T}"/> ran before the single-lane path.</summary>
    void Batched();

    /// <summary>The state path (<see cref="ISmallOdeSystem{T, TState}"/>) into a reused buffer, default arithmetic (the same bits as <see cref="Into"/>).</summary>
    void State();

    /// <summary>The state path with <see cref="SolverOptions.FusedMultiplyAdd"/> (other bits).</summary>
    void StateFused();

    /// <summary>The work of one solve.</summary>
    SolverStats Stats { get; }

    /// <summary>The final state of the last <see cref="Into"/>.</summary>
    ReadOnlySpan<double> FinalState { get; }
}

/// <summary>A hand-written struct system solved from one initial state over [0, end].</summary>
internal sealed class SmallSolve<TSystem, TTableau, TState>(TSystem system, double[] y0, double end, SolverOptions options) : ISmallSolve
    where TSystem : struct, IOdeSystem<double>, ISmallOdeSystem<double, TState>
    where TTableau : struct, IRungeKuttaTableau
    where TState : unmanaged, IStateVector<TState, double>
{
    private readonly TState _start = TState.Load(y0);
    private readonly SolverOptions _fused = options with { FusedMultiplyAdd = true };

    private readonly double[] _saveAt = [0.0, end];
    private readonly double[] _states = new double[2 * y0.Length];

    public SolverStats Stats { get; private set; }

    public ReadOnlySpan<double> FinalState => _states.AsSpan(y0.Length);

    public void Into() => Stats = Ode.SolveInto(system, default(TTableau), y0, _saveAt, _states, options);

    public void State() => Stats = Ode.SolveInto(system, default(TTableau), _start, _saveAt, _states, options);

    public void StateFused() => Stats = Ode.SolveInto(system, default(TTableau), _start, _saveAt, _states, _fused);

    public void Solve() => _ = Ode.Solve(system, default(TTableau), y0, _saveAt, options);

    public void Batched()
    {
        var none = default(NoRecorder<double>);
        _ = Ode.Run<TSystem, TTableau, double, NoRecorder<double>>(system, y0, _saveAt, options, ref none);
    }
}

/// <summary>The span solve of a <see cref="SmallOdeSystemAttribute"/> struct, timed beside <see cref="ISmallSolve"/>'s calls.</summary>
internal interface IMarkedSolve
{
    /// <summary>One solve into a reused buffer.</summary>
    void Into();

    /// <summary>The final state of the last <see cref="Into"/>.</summary>
    ReadOnlySpan<double> FinalState { get; }

    /// <summary>The work of the last <see cref="Into"/>.</summary>
    SolverStats Stats { get; }

    /// <summary>One solve with <see cref="SolverOptions.FusedMultiplyAdd"/>: fused stage combinations and the contracted right-hand side.</summary>
    void IntoFused();

    /// <summary>The final state of the last <see cref="IntoFused"/>.</summary>
    ReadOnlySpan<double> FusedFinalState { get; }
}

/// <summary>
/// The span solve (<see cref="Ode.SolveInto{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, SolverOptions?)"/>)
/// of a <see cref="SmallOdeSystemAttribute"/> struct, which runs its generated state form.
/// </summary>
internal sealed class MarkedSolve<TSystem, TTableau>(double[] y0, double end, SolverOptions options) : IMarkedSolve
    where TSystem : struct, IOdeSystem<double>
    where TTableau : struct, IRungeKuttaTableau
{
    private readonly double[] _saveAt = [0.0, end];
    private readonly double[] _states = new double[2 * y0.Length];
    private readonly double[] _fusedStates = new double[2 * y0.Length];
    private readonly SolverOptions _fused = options with { FusedMultiplyAdd = true };

    /// <summary>The final state of the last <see cref="Into"/>.</summary>
    public ReadOnlySpan<double> FinalState => _states.AsSpan(y0.Length);

    /// <summary>The work of the last <see cref="Into"/>.</summary>
    public SolverStats Stats { get; private set; }

    /// <summary>The final state of the last <see cref="IntoFused"/>.</summary>
    public ReadOnlySpan<double> FusedFinalState => _fusedStates.AsSpan(y0.Length);

    /// <summary>One solve into the reused buffer.</summary>
    public void Into() => Stats = Ode.SolveInto(default(TSystem), default(TTableau), y0, _saveAt, _states, options);

    /// <summary>One solve with <see cref="SolverOptions.FusedMultiplyAdd"/> into its own reused buffer.</summary>
    public void IntoFused() => Ode.SolveInto(default(TSystem), default(TTableau), y0, _saveAt, _fusedStates, _fused);
}
