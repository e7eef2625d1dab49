using System.Numerics;

namespace OdeKernels.Benchmarks.Workloads;

/// <summary>One forward solve of a batch of spiral lanes, its inputs allocated once so that timing sees only the solve.</summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
internal sealed class ForwardCase<T, TTableau>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TTableau : struct, IRungeKuttaTableau
{
    private readonly IBatchedOdeSystem<T> _system;
    private readonly T[] _y0;
    private readonly T[] _saveAt;
    private readonly SolverOptions _options;

    /// <summary>Solves <paramref name="lanes"/> lanes over [0, <paramref name="end"/>] with <paramref name="options"/>.</summary>
    public ForwardCase(IBatchedOdeSystem<T> system, int lanes, double end, SolverOptions options, int saves = 2)
    {
        _system = system;
        _y0 = SpiralWorkload.InitialStates<T>(lanes);
        _saveAt = SpiralWorkload.SaveTimes<T>(end, saves);
        _options = options;
        Lanes = lanes;
    }

    /// <summary>The number of lanes.</summary>
    public int Lanes { get; }

    /// <summary>Runs the solve.</summary>
    public Solution<T> Run() => Ode.Solve(_system, default(TTableau), _y0, _saveAt, _options);
}
