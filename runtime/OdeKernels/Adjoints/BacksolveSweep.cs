using System;
using System.Numerics;

namespace OdeKernels.Adjoints;

/// <summary>How the continuous adjoint solves one backward segment of its augmented system.</summary>
internal interface IBackwardSegment<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Integrates every lane of <paramref name="z"/> from s = <paramref name="segment"/>[0] to [1].</summary>
    Solution<T> Solve(T[] z, T[] segment);
}

/// <summary>
/// The backward sweep that both continuous adjoints (<see cref="BacksolveAdjoint"/>, <see cref="BatchedBacksolveAdjoint"/>)
/// share: each lane's backward state z = [y, a, …] (width m) starts from the forward solution and dL/dy at the last
/// save time; between consecutive save times it is integrated backwards in s = −t; at each save time y restarts from
/// the forward solution there (which keeps the backward y from drifting off the forward trajectory) and dL/dy(tᵢ) is
/// added to a. A lane's failure is reported in forward time.
/// </summary>
internal static class BacksolveSweep
{
    /// <summary>
    /// Runs the sweep for lanes [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of the
    /// <paramref name="lanes"/> lanes of <paramref name="states"/> and <paramref name="dLdY"/>; on return z holds each
    /// of these lanes' backward state at the first save time (z holds these lanes only, lane after lane).
    /// </summary>
    /// <returns>The backward solves' work, summed over segments.</returns>
    public static SolverStats Run<T, TSegment>(ref TSegment solver, T[] z, int m, ReadOnlySpan<T> states, ReadOnlySpan<T> dLdY, ReadOnlySpan<T> saveAt, int first, int count, int lanes, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSegment : struct, IBackwardSegment<T>
    {
        int saves = saveAt.Length;
        for (int lane = 0; lane < count; lane++)
        {
            int at = (((saves - 1) * lanes) + first + lane) * n;
            states.Slice(at, n).CopyTo(z.AsSpan(lane * m, n));
            dLdY.Slice(at, n).CopyTo(z.AsSpan((lane * m) + n, n));
        }

        long evaluations = 0, accepted = 0, rejected = 0;
        var segment = new T[2];
        for (int j = saves - 1; j >= 1; j--)
        {
            segment[0] = -saveAt[j];
            segment[1] = -saveAt[j - 1];
            Solution<T> back;
            try
            {
                back = solver.Solve(z, segment);
            }
            catch (OdeSolveException e)
            {
                int lane = first + e.Lane;
                throw new OdeSolveException(lane, -e.Time, $"Backsolve adjoint: lane {lane} failed integrating backwards at t = {-e.Time:R}: {e.Message}");
            }

            evaluations += back.Stats.Evaluations;
            accepted += back.Stats.AcceptedSteps;
            rejected += back.Stats.RejectedSteps;
            back.States.Slice(count * m, count * m).CopyTo(z);
            for (int lane = 0; lane < count; lane++)
            {
                int at = (((j - 1) * lanes) + first + lane) * n;
                states.Slice(at, n).CopyTo(z.AsSpan(lane * m, n));
                Span<T> a = z.AsSpan((lane * m) + n, n);
                for (int c = 0; c < n; c++)
                {
                    a[c] += dLdY[at + c];
                }
            }
        }

        return new SolverStats(evaluations, accepted, rejected);
    }
}
