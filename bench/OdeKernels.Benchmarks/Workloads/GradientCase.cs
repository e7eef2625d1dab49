using System.Numerics;

namespace OdeKernels.Benchmarks.Workloads;

/// <summary>One full gradient (forward solve and adjoint) of a batch of spiral lanes, its inputs allocated once.</summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
internal sealed class GradientCase<T, TTableau>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TTableau : struct, IRungeKuttaTableau
{
    private readonly IBatchedDifferentiableSystem<T> _system;
    private readonly T[] _y0;
    private readonly T[] _saveAt;
    private readonly T[] _dLdY;
    private readonly SolverOptions _options;
    private readonly AdjointMethod _method;

    /// <summary>Differentiates a solve of <paramref name="lanes"/> lanes over [0, <paramref name="end"/>] with <paramref name="method"/>.</summary>
    public GradientCase(IBatchedDifferentiableSystem<T> system, int lanes, double end, SolverOptions options, AdjointMethod method, int saves = 2)
    {
        _system = system;
        _y0 = SpiralWorkload.InitialStates<T>(lanes);
        _saveAt = SpiralWorkload.SaveTimes<T>(end, saves);
        _options = options;
        _method = method;
        Solution<T> forward = Ode.Solve(system, default(TTableau), _y0, _saveAt, options);
        _dLdY = SpiralWorkload.LossCotangent(forward.States, lanes);
    }

    /// <summary>Runs the forward solve and the adjoint.</summary>
    public Gradient<T> Run() => Ode.Gradient(_system, default(TTableau), _y0, _saveAt, _dLdY, _options, _method);
}
