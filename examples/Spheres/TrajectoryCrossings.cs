using System;

namespace OdeKernels.Examples.Spheres;

/// <summary>
/// Crossings of planar trajectories. The block's vector field does not depend on t, so the exact flow's orbits of
/// distinct points never meet (uniqueness of solutions); a discretised model whose step-to-step paths (the straight
/// segments an Euler step moves along) cross has left the ODE behind. A pair counts once however often it crosses.
/// </summary>
internal static class TrajectoryCrossings
{
    /// <summary>The number of pairs of trajectories whose polylines intersect.</summary>
    /// <param name="states">The solution's states, save-major: [(save · lanes + lane) · 2 + component].</param>
    /// <param name="saves">The number of saved points per trajectory.</param>
    /// <param name="lanes">The number of trajectories.</param>
    public static int CountPairs(ReadOnlySpan<float> states, int saves, int lanes)
    {
        int pairs = 0;
        for (int i = 0; i < lanes; i++)
        {
            for (int j = i + 1; j < lanes; j++)
            {
                if (Cross(states, saves, lanes, i, j))
                {
                    pairs++;
                }
            }
        }

        return pairs;
    }

    private static bool Cross(ReadOnlySpan<float> states, int saves, int lanes, int i, int j)
    {
        for (int a = 0; a + 1 < saves; a++)
        {
            (double ax, double ay) = Point(states, lanes, a, i);
            (double bx, double by) = Point(states, lanes, a + 1, i);
            for (int b = 0; b + 1 < saves; b++)
            {
                (double cx, double cy) = Point(states, lanes, b, j);
                (double dx, double dy) = Point(states, lanes, b + 1, j);
                if (Intersect(ax, ay, bx, by, cx, cy, dx, dy))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static (double X, double Y) Point(ReadOnlySpan<float> states, int lanes, int save, int lane) =>
        (states[((save * lanes) + lane) * 2], states[(((save * lanes) + lane) * 2) + 1]);

    /// <summary>Whether segments AB and CD properly intersect (each straddles the other's line; touching does not count).</summary>
    private static bool Intersect(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy)
    {
        double d1 = Orientation(cx, cy, dx, dy, ax, ay), d2 = Orientation(cx, cy, dx, dy, bx, by);
        double d3 = Orientation(ax, ay, bx, by, cx, cy), d4 = Orientation(ax, ay, bx, by, dx, dy);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }

    private static double Orientation(double px, double py, double qx, double qy, double rx, double ry) =>
        ((qx - px) * (ry - py)) - ((qy - py) * (rx - px));
}
