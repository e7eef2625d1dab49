using System;
using System.Collections.Generic;
using OdeKernels.Tests.Solving;

namespace OdeKernels.Tests.Lanes;

/// <summary>Per-lane save times for the tests, and the exact rotation they are checked against.</summary>
internal static class RaggedTimes
{
    /// <summary>
    /// Lane i gets (i · 5) mod 7 save times (so some lanes have none and some one) at random points of
    /// (start, start + span], and every third lane with any also saves at the start itself.
    /// </summary>
    public static LaneSaveTimes<double> Random(int lanes, int seed, double start = 0.25, double span = 3.0)
    {
        var random = new Random(seed);
        var perLane = new List<double[]>();
        for (int lane = 0; lane < lanes; lane++)
        {
            int count = (lane * 5) % 7;
            var times = new SortedSet<double>();
            while (times.Count < count)
            {
                times.Add(start + (span * (1 - random.NextDouble())));
            }

            var list = new List<double>(times);
            if (count > 0 && lane % 3 == 0)
            {
                list.Insert(0, start);
            }

            perLane.Add([.. list]);
        }

        return LaneSaveTimes<double>.FromLanes(start, perLane);
    }

    /// <summary>Rotation states (x, y, ω) for <paramref name="lanes"/> lanes, each with its own rate.</summary>
    public static double[] RotationStates(int lanes)
    {
        var y0 = new double[3 * lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            y0[3 * lane] = 1 + (0.1 * lane);
            y0[(3 * lane) + 1] = 0.5 - (0.05 * lane);
            y0[(3 * lane) + 2] = 0.5 + (0.37 * (lane % 5));
        }

        return y0;
    }

    /// <summary>The exact state of a <see cref="Rotation{T}"/> lane at time <paramref name="t"/> from <paramref name="start"/>.</summary>
    public static (double X, double Y) Rotated(ReadOnlySpan<double> y0, double start, double t)
    {
        double angle = y0[2] * (t - start), c = Math.Cos(angle), s = Math.Sin(angle);
        return ((c * y0[0]) - (s * y0[1]), (s * y0[0]) + (c * y0[1]));
    }

    /// <summary>L = Σ wₖ yₖ over the ragged states: a fixed cotangent, so finite differences are easy to form.</summary>
    public static double[] Weights(int length)
    {
        var w = new double[length];
        for (int i = 0; i < length; i++)
        {
            w[i] = Math.Sin(1.0 + (0.7 * i));
        }

        return w;
    }
}
