using System;

namespace OdeKernels.Examples.Spiral;

/// <summary>
/// The training data of the spiral example: du/dt = (u³)ᵀA with A = [[-0.1, 2.0], [-2.0, -0.1]], u(0) = [2, 0],
/// saved at evenly spaced times on [0, 1.5], solved in double with Tsit5 at rtol 1e-10 and rounded to float.
/// </summary>
internal static class SpiralData
{
    public const double End = 1.5;

    public static readonly double[] InitialState = [2.0, 0.0];

    /// <summary>The save times and the states there, time-major (component after component).</summary>
    public static (float[] Times, float[] States) Generate(int points)
    {
        double[] saveAt = new double[points];
        for (int j = 0; j < points; j++)
        {
            saveAt[j] = End * j / (points - 1);
        }

        var options = new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 };
        Solution<double> truth = Ode.Solve(new TrueSpiral(), new Tsit5(), InitialState, saveAt, options);
        return (Array.ConvertAll(saveAt, t => (float)t), Array.ConvertAll(truth.States.ToArray(), y => (float)y));
    }

    /// <summary>The true dynamics, by hand.</summary>
    private readonly struct TrueSpiral : IOdeSystem<double>
    {
        public int StateSize => 2;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
        {
            double u1 = y[0] * y[0] * y[0], u2 = y[1] * y[1] * y[1];
            dydt[0] = (-0.1 * u1) + (-2.0 * u2);
            dydt[1] = (2.0 * u1) + (-0.1 * u2);
        }
    }
}
