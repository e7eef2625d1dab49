using System;
using OdeKernels.Training;

namespace OdeKernels.Examples.Datasets;

/// <summary>
/// A set of noisy 2-D spirals and their noise-free truth on a common time grid: series i is
/// <c>Truth[(i · Times.Length + k) · 2 + c]</c> at <c>Times[k]</c> (component c), <see cref="Noisy"/> laid out alike.
/// </summary>
/// <param name="Times">The grid, equally spaced from 0.</param>
/// <param name="Truth">The noise-free positions.</param>
/// <param name="Noisy">The positions plus Gaussian noise (the data the models see).</param>
/// <param name="Clockwise">Each series' direction.</param>
/// <param name="Observed">The number of grid points that carry data (the window); the rest is for extrapolation.</param>
/// <remarks>Thread safety: immutable by convention (the arrays are not copied); safe to read from any number of threads.</remarks>
public sealed record SpiralSet(double[] Times, double[] Truth, double[] Noisy, bool[] Clockwise, int Observed)
{
    /// <summary>The number of series.</summary>
    public int Count => Clockwise.Length;

    /// <summary>The position of series <paramref name="series"/> at grid point <paramref name="k"/>, noise-free.</summary>
    /// <param name="series">The series.</param>
    /// <param name="k">The grid point.</param>
    /// <returns>x and y.</returns>
    public ReadOnlySpan<double> TruthAt(int series, int k) => Truth.AsSpan(((series * Times.Length) + k) * 2, 2);
}

/// <summary>
/// The spirals of Chen et al. (2018, §5.1, their latent_ode.py): a counter-clockwise Archimedean spiral r = a + bθ
/// centred at (−5, 0) and a clockwise one r = 50b / θ' with θ' = 6π + 1 − θ centred at (5, 0) (a = 0, b = 0.3); a
/// series starts at its own uniformly drawn point of its spiral (θ₀ in [0.1, 0.8]·6π, as their start index in
/// [100, 800) of 1,000) and runs for 100 equally spaced steps of Δθ = 6π / 999, observed with N(0, 0.3²) noise. Time
/// is the angle travelled from the start, so every series shares the grid t_k = kΔθ while its position and direction
/// differ. Half the series turn each way (alternating), which a single autonomous ODE in the data space could not fit
/// but a latent ODE with a recognition network can.
/// </summary>
/// <remarks>Thread safety: pure functions of their arguments; safe to call from any number of threads.</remarks>
public static class ChenSpirals
{
    /// <summary>Points per series in the observed window (Chen et al.'s nsample).</summary>
    public const int WindowPoints = 100;

    /// <summary>The observation noise's standard deviation (their noise_std), also the likelihood's σ.</summary>
    public const double NoiseStd = 0.3;

    /// <summary>The grid step Δθ = 6π / 999 (their 1,000 points over [0, 6π]).</summary>
    public const double Step = 6 * Math.PI / 999;

    private const double B = 0.3;
    private const double Stop = 6 * Math.PI;

    /// <summary>
    /// Draws <paramref name="count"/> series, alternately counter-clockwise and clockwise, each from its own start,
    /// on a grid of <see cref="WindowPoints"/> + <paramref name="extrapolation"/> points (the extra points carry the
    /// truth beyond the window, for plots and extrapolation errors).
    /// </summary>
    /// <param name="count">The number of series (positive).</param>
    /// <param name="seed">The seed of the stream the starts and the noise come from.</param>
    /// <param name="extrapolation">Grid points after the window (0 to <see cref="WindowPoints"/>).</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public static SpiralSet Generate(int count, ulong seed, int extrapolation = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegative(extrapolation);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(extrapolation, WindowPoints);
        int points = WindowPoints + extrapolation;
        var times = new double[points];
        for (int k = 0; k < points; k++)
        {
            times[k] = k * Step;
        }

        var random = new TrainingRandom(seed);
        var truth = new double[count * points * 2];
        var noisy = new double[truth.Length];
        var clockwise = new bool[count];
        for (int i = 0; i < count; i++)
        {
            clockwise[i] = i % 2 == 1;
            double start = Stop * (0.1 + (0.7 * random.NextDouble()));
            for (int k = 0; k < points; k++)
            {
                (double x, double y) = Position(clockwise[i], start + times[k]);
                int at = ((i * points) + k) * 2;
                truth[at] = x;
                truth[at + 1] = y;
                noisy[at] = x + (NoiseStd * random.NextGaussian());
                noisy[at + 1] = y + (NoiseStd * random.NextGaussian());
            }
        }

        return new SpiralSet(times, truth, noisy, clockwise, WindowPoints);
    }

    /// <summary>
    /// The point of a spiral at angle parameter <paramref name="theta"/>: counter-clockwise (r = bθ at angle θ, centre
    /// (−5, 0)) or clockwise (r = 50b / θ' at angle θ' = 6π + 1 − θ, centre (5, 0)), as Chen et al. write them.
    /// </summary>
    /// <param name="clockwise">Which spiral.</param>
    /// <param name="theta">The angle parameter, in (0, 6π + 1).</param>
    /// <returns>x and y.</returns>
    public static (double X, double Y) Position(bool clockwise, double theta)
    {
        if (!clockwise)
        {
            double r = B * theta;
            return ((r * Math.Cos(theta)) - 5, r * Math.Sin(theta));
        }

        double reversed = Stop + 1 - theta;
        double rc = B * 50 / reversed;
        return ((rc * Math.Cos(reversed)) + 5, rc * Math.Sin(reversed));
    }

    /// <summary>
    /// Picks <paramref name="observed"/> of the first <paramref name="window"/> grid points at random (a uniform subset,
    /// by a partial Fisher–Yates shuffle), returned in increasing order.
    /// </summary>
    /// <param name="window">The grid points to choose from (positive).</param>
    /// <param name="observed">How many to keep (1 to <paramref name="window"/>).</param>
    /// <param name="random">The stream to draw from (<paramref name="observed"/> draws, none when all are kept).</param>
    /// <returns>The chosen grid indices, strictly increasing.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="observed"/> is not in [1, <paramref name="window"/>].</exception>
    public static int[] Subsample(int window, int observed, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(observed, window);
        var indices = new int[window];
        for (int k = 0; k < window; k++)
        {
            indices[k] = k;
        }

        if (observed < window)
        {
            for (int k = 0; k < observed; k++)
            {
                int j = k + random.NextInt32(window - k);
                (indices[k], indices[j]) = (indices[j], indices[k]);
            }
        }

        int[] chosen = indices[..observed];
        Array.Sort(chosen);
        return chosen;
    }
}
