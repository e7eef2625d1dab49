using System;
using OdeKernels.Flows;
using OdeKernels.Tests.Dynamics;
using OdeKernels.Training;

namespace OdeKernels.Tests.Flows;

/// <summary>
/// The regularisers on a plain neural ODE trained as a trajectory fit: the gradient of a squared error plus
/// λ_K ∫‖f‖² (any batched system) or plus λ_J ∫‖∂f/∂z‖²_F (a divergence system), through
/// <see cref="TrajectoryFit{TSystem, TTableau, T}"/> and <see cref="RegularizedObjective{T}"/>, against float64 finite
/// differences of the loss formed here from forward solves.
/// </summary>
public sealed class RegularizedObjectiveTests
{
    private static readonly SolverOptions Tight = new() { RelativeTolerance = 1e-11, AbsoluteTolerance = 1e-12 };
    private static readonly double[] Initial = [0.3, -0.4, 1.5, 0.2];
    private static readonly double[] SaveAt = [0.0, 0.5, 1.0];

    /// <summary>½ Σ (y − target)² over the saves after the first, targets fixed.</summary>
    private sealed class SquaredError : ITrainingObjective<double>
    {
        public static readonly double[] Targets = [0, 0, 0, 0, 0.5, 0.1, 1.0, -0.3, 0.2, 0.4, 0.8, 0.0];

        public TrainingBatch<double> NextBatch(long iteration, TrainingRandom random) => new((double[])Initial.Clone(), SaveAt, Targets, true);

        public double Loss(TrainingBatch<double> batch, Solution<double> prediction, Span<double> dLdY)
        {
            double loss = 0;
            dLdY.Clear();
            for (int k = 4; k < Targets.Length; k++)
            {
                double r = prediction.States[k] - Targets[k];
                loss += 0.5 * r * r;
                dLdY[k] = r;
            }

            return loss;
        }
    }

    [Fact]
    public void KineticRegularisedGradientMatchesFiniteDifferences()
    {
        var mlp = new TanhDivergenceNet(2, 5, seed: 41);
        var system = new KineticSystem<TanhDivergenceNet, double>(mlp);
        Check(system, mlp, system.Layout, 0.7, 0, AdjointMethod.Backsolve);
    }

    [Theory]
    [InlineData(TraceEstimator.Exact)]
    [InlineData(TraceEstimator.Hutchinson)]
    public void JacobianRegularisedGradientMatchesFiniteDifferences(TraceEstimator estimator)
    {
        var mlp = new TanhDivergenceNet(2, 5, seed: 42);
        var system = new AugmentedSystem<TanhDivergenceNet, double>(mlp, new AugmentedTerms(LogDensity: false, KineticEnergy: true, JacobianNorm: true, estimator));
        Check(system, mlp, system.Layout, 0.2, 0.4, AdjointMethod.Direct);
    }

    private static void Check<TSystem>(TSystem system, TanhDivergenceNet mlp, AugmentedLayout layout, double kinetic, double jacobian, AdjointMethod adjoint)
        where TSystem : IBatchedDifferentiableSystem<double>
    {
        var objective = new RegularizedObjective<double>(new SquaredError(), layout, kinetic, jacobian);
        var fit = new TrajectoryFit<TSystem, Tsit5, double>(system, objective, Tight, adjoint);
        var gradient = new double[fit.ParameterCount];
        TrainingStep step = fit.Gradient(0, new TrainingRandom(3), gradient);

        double[] y0 = layout.Augment<double>(Initial, new TrainingRandom(3));
        double Loss()
        {
            Solution<double> s = Ode.Solve(system, new Tsit5(), y0, SaveAt, Tight);
            double loss = 0;
            for (int save = 1; save < 3; save++)
            {
                for (int lane = 0; lane < 2; lane++)
                {
                    for (int c = 0; c < 2; c++)
                    {
                        double r = s[save, lane, c] - SquaredError.Targets[(((save * 2) + lane) * 2) + c];
                        loss += 0.5 * r * r;
                    }
                }
            }

            for (int lane = 0; lane < 2; lane++)
            {
                loss += 0.5 * kinetic * s[2, lane, layout.KineticIndex];
                loss += jacobian == 0 ? 0 : 0.5 * jacobian * s[2, lane, layout.JacobianIndex];
            }

            return loss;
        }

        Assert.Equal(Loss(), step.Loss, 9);
        FiniteDifference.AssertClose(FiniteDifferences.ParameterGradient(mlp, Loss), gradient, 1e-5, "dL/dθ");
    }
}
