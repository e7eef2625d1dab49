using System;
using System.Numerics;
using OdeKernels.Training;

namespace OdeKernels.Flows;

/// <summary>
/// A continuous normalizing flow (Chen et al. 2018 §4; FFJORD, Grathwohl et al. 2019) over
/// <typeparamref name="TDynamics"/>, with a standard normal base. Convention (FFJORD's code): data x sit at t = 0 and
/// the flow dz/dt = f(t, z) carries them to the base at t = <see cref="EndTime"/>; with
/// Δlog p(t₁) = −∫₀^t₁ tr ∂f/∂z dt, log p(x) = log N(z(t₁); 0, I) − Δlog p(t₁). Sampling draws z ~ N(0, I) at t₁ and
/// solves the flow back to t = 0.
/// </summary>
/// <typeparam name="TDynamics">The dynamics with divergence (a generated <c>[Dynamics(Divergence = true)]</c> class, or a hand-written one).</typeparam>
/// <typeparam name="TTableau">The Runge-Kutta method.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>
/// CPU only: the augmented system is not a generated network, so <see cref="Backend.Cuda"/> is refused and
/// <see cref="Backend.Auto"/> runs on the CPU.
/// <para>Thread safety: LogDensity and Sample may run concurrently when the dynamics allow concurrent calls; training
/// (which writes the parameters) must not overlap them.</para>
/// </remarks>
public sealed class ContinuousFlow<TDynamics, TTableau, T>
    where TDynamics : IDivergenceSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AugmentedSystem<TDynamics, T> _exact;

    /// <summary>Creates the flow.</summary>
    /// <param name="dynamics">The dynamics; its parameters are the flow's (trained in place).</param>
    /// <param name="endTime">t₁ &gt; 0, where the base distribution sits.</param>
    /// <param name="solver">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="endTime"/> is not a positive finite number.</exception>
    /// <exception cref="NotSupportedException"><paramref name="solver"/> asks for <see cref="Backend.Cuda"/>.</exception>
    public ContinuousFlow(TDynamics dynamics, double endTime = 1.0, SolverOptions? solver = null)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        if (!(endTime > 0) || !double.IsFinite(endTime))
        {
            throw new ArgumentException($"endTime must be a positive finite number, but it is {endTime}.", nameof(endTime));
        }

        solver ??= SolverOptions.Default;
        if (solver.Backend == Backend.Cuda)
        {
            throw new NotSupportedException(
                "SolverOptions.Backend is Cuda, but continuous flows run on the CPU only (the augmented system is not a generated network): use Backend.Cpu or Backend.Auto.");
        }

        Dynamics = dynamics;
        EndTime = endTime;
        Solver = solver with { Backend = Backend.Cpu };
        _exact = new AugmentedSystem<TDynamics, T>(dynamics, AugmentedTerms.ExactFlow);
    }

    /// <summary>The dynamics.</summary>
    public TDynamics Dynamics { get; }

    /// <summary>t₁, where the base distribution sits (data at t = 0).</summary>
    public double EndTime { get; }

    /// <summary>The solver options (always on the CPU).</summary>
    public SolverOptions Solver { get; }

    /// <summary>The dimension d of the data.</summary>
    public int Dimension => Dynamics.StateSize;

    /// <summary>The save times of a density solve, [0, t₁].</summary>
    internal T[] SaveTimes => [T.Zero, T.CreateChecked(EndTime)];

    /// <summary>
    /// log p(x) of every point, with the exact divergence (whatever estimator trained the flow): one solve of the
    /// augmented state [z, Δlog p] from t = 0 to t₁.
    /// </summary>
    /// <param name="points">The points, lanes × d, point after point.</param>
    /// <returns>One log-density per point, in nats.</returns>
    /// <exception cref="ArgumentException">The length of <paramref name="points"/> is not a positive multiple of d, or a point is not finite.</exception>
    /// <exception cref="OdeSolveException">The solve failed.</exception>
    public double[] LogDensity(ReadOnlySpan<T> points)
    {
        T[] y0 = _exact.Layout.Augment(points, null);
        Solution<T> solution = Ode.Solve(_exact, default(TTableau), y0, SaveTimes, Solver);
        var result = new double[solution.Lanes];
        for (int lane = 0; lane < result.Length; lane++)
        {
            result[lane] = LogDensityAt(_exact.Layout, solution.State(1, lane));
        }

        return result;
    }

    /// <summary>The mean negative log-likelihood of the points, in nats (exact divergence).</summary>
    /// <param name="points">The points, lanes × d.</param>
    /// <returns>−mean log p(x).</returns>
    public double NegativeLogLikelihood(ReadOnlySpan<T> points)
    {
        double sum = 0;
        foreach (double logp in LogDensity(points))
        {
            sum -= logp;
        }

        return sum / (points.Length / Dimension);
    }

    /// <summary>Draws <paramref name="count"/> samples: z ~ N(0, I) from <paramref name="random"/> at t₁, solved back to t = 0.</summary>
    /// <param name="count">The number of samples (positive).</param>
    /// <param name="random">The random stream the base samples come from.</param>
    /// <returns>count × d values, sample after sample.</returns>
    /// <exception cref="ArgumentException"><paramref name="count"/> is not positive.</exception>
    /// <exception cref="OdeSolveException">The solve failed.</exception>
    public T[] Sample(int count, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count <= 0)
        {
            throw new ArgumentException($"count must be positive, but it is {count}.", nameof(count));
        }

        var z = new T[count * Dimension];
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = T.CreateChecked(random.NextGaussian());
        }

        var reversed = new ReversedFlow<TDynamics, T>(Dynamics, T.CreateChecked(EndTime));
        Solution<T> solution = Ode.Solve(reversed, default(TTableau), z, SaveTimes, Solver);
        return solution.States.Slice(z.Length, z.Length).ToArray();
    }

    /// <summary>log N(z(t₁)) − Δlog p(t₁) from one final augmented state.</summary>
    internal static double LogDensityAt(AugmentedLayout layout, ReadOnlySpan<T> final) =>
        StandardNormal.LogDensity(final[..layout.StateSize]) - double.CreateChecked(final[layout.LogDensityIndex]);
}
