using System;
using OdeKernels.Examples.Datasets;
using OdeKernels.Training;

namespace OdeKernels.Examples.LotkaVolterra;

/// <summary>
/// The predator-prey system (<see cref="PredatorPrey"/>: α = 1.5, β = 1, γ = 3, δ = 1) from (1, 1), solved in double
/// with Tsit5 at rtol 1e-10; the training samples add Gaussian noise of a given fraction of each component's root
/// mean square.
/// </summary>
internal static class LotkaVolterraData
{
    public static readonly double[] InitialState = [1.0, 1.0];

    /// <summary>The exact states at <paramref name="times"/>, time-major.</summary>
    public static double[] Truth(double[] times)
    {
        var options = new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 };
        return Ode.Solve(new PredatorPrey(), new Tsit5(), InitialState, times, options).States.ToArray();
    }

    /// <summary>The truth plus noise of <paramref name="fraction"/> × each component's RMS, drawn from <paramref name="random"/>.</summary>
    public static float[] Noisy(double[] truth, double fraction, TrainingRandom random)
    {
        double[] rms = new double[2];
        int samples = truth.Length / 2;
        for (int i = 0; i < truth.Length; i++)
        {
            rms[i % 2] += truth[i] * truth[i] / samples;
        }

        float[] noisy = new float[truth.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            noisy[i] = (float)(truth[i] + (fraction * Math.Sqrt(rms[i % 2]) * random.NextGaussian()));
        }

        return noisy;
    }
}
