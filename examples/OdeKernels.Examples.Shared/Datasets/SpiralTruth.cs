using System;

namespace OdeKernels.Examples.Datasets;

/// <summary>
/// The true dynamics of Chen et al.'s spiral (2018), du/dt = (u³)ᵀA with A = [[−0.1, 2.0], [−2.0, −0.1]], written by
/// hand as a one-lane right-hand side: the data of the spiral fits, the exact solution of the benchmarks' accuracy
/// rows and the system the quick start solves. Marked <see cref="SmallOdeSystemAttribute"/>: a solve of one trajectory
/// (the spiral example's data) runs the generated state form, with the same bits.
/// </summary>
/// <remarks>Thread safety: a stateless struct; safe to use from any number of threads.</remarks>
[SmallOdeSystem]
public readonly partial struct SpiralTruth : IOdeSystem<double>
{
    /// <summary>The tolerances of <see cref="Sample"/>: far below float32's precision (about 6e-8), so the samples are the exact solution rounded to float.</summary>
    public static SolverOptions SampleTolerances => new() { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 };

    /// <inheritdoc/>
    public int StateSize => 2;

    /// <inheritdoc/>
    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double u1 = y[0] * y[0] * y[0], u2 = y[1] * y[1] * y[1];
        dydt[0] = (-0.1 * u1) + (-2.0 * u2);
        dydt[1] = (2.0 * u1) + (-0.1 * u2);
    }

    /// <summary>
    /// The spiral from <paramref name="starts"/> (two values per trajectory) at <paramref name="times"/>, solved in
    /// double with Tsit5 at <see cref="SampleTolerances"/>, and both rounded to float.
    /// </summary>
    /// <param name="starts">The initial states, lane after lane.</param>
    /// <param name="times">The save times, strictly increasing; the solve starts at the first.</param>
    /// <returns>The times and the states there, time-major (lane after lane within a time).</returns>
    public static (float[] Times, float[] States) Sample(double[] starts, double[] times)
    {
        Solution<double> truth = Ode.Solve(new SpiralTruth(), new Tsit5(), starts, times, SampleTolerances);
        return (Array.ConvertAll(times, t => (float)t), Array.ConvertAll(truth.States.ToArray(), y => (float)y));
    }
}
