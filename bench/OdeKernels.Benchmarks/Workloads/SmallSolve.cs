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

    /// <summary>The work of one solve.</summary>
    SolverStats Stats { get; }

    /// <summary>The final state of the last <see cref="Into"/>.</summary>
    ReadOnlySpan<double> FinalState { get; }
}

/// <summary>A hand-written struct system solved from one initial state over [0, end].</summary>
internal sealed class SmallSolve<TSystem, TTableau>(TSystem system, double[] y0, double end, SolverOptions options) : ISmallSolve
    where TSystem : struct, IOdeSystem<double>
    where TTableau : struct, IRungeKuttaTableau
{
    private readonly double[] _saveAt = [0.0, end];
    private readonly double[] _states = new double[2 * y0.Length];

    public SolverStats Stats { get; private set; }

    public ReadOnlySpan<double> FinalState => _states.AsSpan(y0.Length);

    public void Into() => Stats = Ode.SolveInto(system, default(TTableau), y0, _saveAt, _states, options);

    public void Solve() => _ = Ode.Solve(system, default(TTableau), y0, _saveAt, options);

    public void Batched()
    {
        var none = default(NoRecorder<double>);
        _ = Ode.Run<TSystem, TTableau, double, NoRecorder<double>>(system, y0, _saveAt, options, ref none);
    }
}
