using OdeKernels.Adjoints;
using OdeKernels.Examples.Datasets;

namespace OdeKernels.Benchmarks.Workloads;

/// <summary>
/// The gradient of one Lotka–Volterra trajectory with respect to its four parameters and initial state (Dopri5,
/// rtol 1e-6, atol 1e-8, [0, 10], dL/dy = 1 at the end), on the single-lane path and, for the discrete adjoints, on
/// the batched integrator (what one lane ran before).
/// </summary>
internal sealed class SmallGradient
{
    private static readonly SolverOptions Options = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
    private readonly PredatorPrey _system = new();
    private readonly double[] _y0 = [1.0, 1.0];
    private readonly double[] _saveAt = [0.0, 10.0];
    private readonly double[] _dLdY = [0.0, 0.0, 1.0, 1.0];

    /// <summary>The forward solve alone.</summary>
    public Solution<double> Forward() => Ode.Solve(_system, new Dopri5(), _y0, _saveAt, Options);

    /// <summary>The gradient on the single-lane path.</summary>
    public Gradient<double> Gradient(AdjointMethod method) => Ode.Gradient(_system, new Dopri5(), _y0, _saveAt, _dLdY, Options, method);

    /// <summary>The discrete adjoint on the batched integrator (Direct or Checkpointed).</summary>
    public Gradient<double> Batched(AdjointMethod method)
    {
        var given = Cotangents<double>.Given(_dLdY);
        return DiscreteAdjoint.Batched<PredatorPrey, Dopri5, double>(_system, _y0, _saveAt, ref given, Options, method == AdjointMethod.Direct ? int.MaxValue : 0);
    }
}
