using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>How the continuous adjoint solves one backward segment of its augmented system.</summary>
internal interface IBackwardSegment<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Integrates every lane of <paramref name="z"/> from its start in <paramref name="segments"/> to its one save
    /// time there (one row per lane).
    /// </summary>
    Solution<T> Solve(T[] z, SaveSchedule<T> segments);
}

/// <summary>
/// The backward sweep that both continuous adjoints (<see cref="BacksolveAdjoint"/>, <see cref="BatchedBacksolveAdjoint"/>)
/// share: each lane's backward state z = [y, a, …] (width m) starts from the forward solution and dL/dy at its last
/// save time; between consecutive save times of its own it is integrated backwards in s = −t; at each save time y
/// restarts from the forward solution there (which keeps the backward y from drifting off the forward trajectory) and
/// dL/dy(tᵢ) is added to a. Round r integrates every lane's r-th segment from the end in one solve, each lane from
/// its own start to its own end (with shared save times every lane is in every round, on the same segment). A lane's
/// failure is reported in forward time.
/// </summary>
internal static class BacksolveSweep
{
    /// <summary>
    /// Runs the sweep for lanes [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of the
    /// forward solution <paramref name="states"/> (laid out as <paramref name="schedule"/> says, like
    /// <paramref name="dLdY"/>); on return z holds each of these lanes' backward state at its start (z holds these
    /// lanes only, lane after lane).
    /// </summary>
    /// <returns>The backward solves' work, summed over segments.</returns>
    public static SolverStats Run<T, TSegment>(ref TSegment solver, T[] z, int m, ReadOnlySpan<T> states, ReadOnlySpan<T> dLdY, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, int first, int count, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSegment : struct, IBackwardSegment<T>
    {
        T[] times = schedule.Times;
        var at = new int[count];
        for (int i = 0; i < count; i++)
        {
            int lane = first + i;
            at[i] = schedule.End(lane) - 1;
            Restart(z.AsSpan(i * m, m), n, states, dLdY, y0, schedule, lane, at[i], initial: true);
        }

        long evaluations = 0, accepted = 0, rejected = 0;
        var members = new int[count];
        while (true)
        {
            int active = 0;
            for (int i = 0; i < count; i++)
            {
                if (at[i] > schedule.Start(first + i))
                {
                    members[active++] = i;
                }
            }

            if (active == 0)
            {
                break;
            }

            var starts = new T[active];
            var ends = new T[active];
            var offsets = new int[active + 1];
            var zr = new T[active * m];
            for (int k = 0; k < active; k++)
            {
                int i = members[k];
                starts[k] = -times[at[i]];
                ends[k] = -times[at[i] - 1];
                offsets[k + 1] = k + 1;
                z.AsSpan(i * m, m).CopyTo(zr.AsSpan(k * m, m));
            }

            Solution<T> back;
            try
            {
                back = solver.Solve(zr, SaveSchedule<T>.PerLane(starts, offsets, ends));
            }
            catch (OdeSolveException e)
            {
                int lane = first + members[e.Lane];
                throw new OdeSolveException(lane, -e.Time, $"Backsolve adjoint: lane {lane} failed integrating backwards at t = {-e.Time:R}: {e.Message}");
            }

            evaluations += back.Stats.Evaluations;
            accepted += back.Stats.AcceptedSteps;
            rejected += back.Stats.RejectedSteps;
            for (int k = 0; k < active; k++)
            {
                int i = members[k];
                back.States.Slice(k * m, m).CopyTo(z.AsSpan(i * m, m));
                at[i]--;
                Restart(z.AsSpan(i * m, m), n, states, dLdY, y0, schedule, first + i, at[i], initial: false);
            }
        }

        return new SolverStats(evaluations, accepted, rejected);
    }

    /// <summary>
    /// At index <paramref name="index"/> of the lane's sequence: y from the forward solution there (y0 at the start)
    /// and dL/dy there into a (copied at the last save time, where a begins; nothing at a start without a row).
    /// </summary>
    private static void Restart<T>(Span<T> z, int n, ReadOnlySpan<T> states, ReadOnlySpan<T> dLdY, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, int lane, int index, bool initial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool start = index == schedule.Start(lane);
        int row = start ? schedule.InitialRow(lane) : schedule.Row(index, lane);
        if (row >= 0)
        {
            states.Slice(row * n, n).CopyTo(z[..n]);
        }
        else
        {
            y0.Slice(lane * n, n).CopyTo(z[..n]);
        }

        Span<T> a = z.Slice(n, n);
        if (initial)
        {
            if (row >= 0)
            {
                dLdY.Slice(row * n, n).CopyTo(a);
            }
            else
            {
                a.Clear();
            }

            return;
        }

        if (row >= 0)
        {
            ReadOnlySpan<T> g = dLdY.Slice(row * n, n);
            for (int c = 0; c < n; c++)
            {
                a[c] += g[c];
            }
        }
    }
}
