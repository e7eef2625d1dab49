using System;
using System.Numerics;
using OdeKernels.Training;

namespace OdeKernels.Examples.Datasets;

/// <summary>
/// The concentric-spheres classification task of Dupont, Doucet and Teh, "Augmented Neural ODEs" (NeurIPS 2019, §4.1):
/// points in d dimensions, class 0 inside the ball of radius <c>r1</c>, class 1 in the shell <c>r2 &lt; ‖x‖ &lt; r3</c>.
/// An ODE flow is a homeomorphism, so it cannot move the inner ball out of the shell that surrounds it, and a linear
/// head after it cannot separate the classes; a ResNet's discrete steps can.
/// </summary>
/// <remarks>Thread safety: pure functions of their arguments; safe to call from any number of threads.</remarks>
public static class ConcentricSpheres
{
    /// <summary>
    /// Draws a balanced, seeded sample: alternately a class-0 and a class-1 point, each with a uniformly random
    /// direction (a normalised Gaussian vector) and a radius uniform in [0, <paramref name="r1"/>] or
    /// [<paramref name="r2"/>, <paramref name="r3"/>] (uniform in radius, not in volume).
    /// </summary>
    /// <typeparam name="T">The floating-point type of the points.</typeparam>
    /// <param name="dimensions">d (positive).</param>
    /// <param name="count">The number of points (positive; class 1 gets the extra one when odd).</param>
    /// <param name="seed">The seed of the <see cref="TrainingRandom"/> stream.</param>
    /// <param name="r1">The radius of the inner ball (default 0.5).</param>
    /// <param name="r2">The inner radius of the shell (default 1).</param>
    /// <param name="r3">The outer radius of the shell (default 1.5).</param>
    /// <returns>The points, <paramref name="dimensions"/> values each, and their labels.</returns>
    /// <exception cref="ArgumentException">The sizes are not positive or the radii not 0 &lt; r1 ≤ r2 &lt; r3.</exception>
    public static (T[] Points, int[] Labels) Sample<T>(int dimensions, int count, ulong seed, double r1 = 0.5, double r2 = 1.0, double r3 = 1.5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(r1 > 0 && r1 <= r2 && r2 < r3))
        {
            throw new ArgumentException($"Need 0 < r1 ≤ r2 < r3, but they are {r1}, {r2}, {r3}.", nameof(r1));
        }

        var random = new TrainingRandom(seed);
        var points = new T[dimensions * count];
        var labels = new int[count];
        Span<double> direction = dimensions <= 64 ? stackalloc double[dimensions] : new double[dimensions];
        for (int s = 0; s < count; s++)
        {
            int label = s % 2 == 0 ? 1 : 0;
            double norm;
            do
            {
                norm = 0;
                for (int i = 0; i < dimensions; i++)
                {
                    direction[i] = random.NextGaussian();
                    norm += direction[i] * direction[i];
                }
            }
            while (norm == 0);

            double radius = label == 0 ? r1 * random.NextDouble() : r2 + ((r3 - r2) * random.NextDouble());
            double scale = radius / Math.Sqrt(norm);
            for (int i = 0; i < dimensions; i++)
            {
                points[(s * dimensions) + i] = T.CreateChecked(direction[i] * scale);
            }

            labels[s] = label;
        }

        return (points, labels);
    }
}
