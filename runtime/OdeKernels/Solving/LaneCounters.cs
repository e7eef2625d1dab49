using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>
/// Per-lane work counters of a solve of lanes [first, first + count) (indexed by lane, not by working-set slot).
/// </summary>
internal sealed class LaneCounters
{
    private readonly int _first;
    private readonly long[] _evaluations;
    private readonly long[] _accepted;
    private readonly long[] _rejected;

    public LaneCounters(int first, int count)
    {
        _first = first;
        _evaluations = new long[count];
        _accepted = new long[count];
        _rejected = new long[count];
    }

    /// <summary>Counts <paramref name="evaluations"/> evaluations for each of the first <paramref name="active"/> slots' lanes.</summary>
    public void AddEvaluations<T>(SolveWorkspace<T> ws, int active, int evaluations = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] lane = ws.Lane;
        for (int i = 0; i < active; i++)
        {
            _evaluations[lane[i] - _first] += evaluations;
        }
    }

    /// <summary>Zeroes the counters of the first <paramref name="count"/> lanes (a replay reuses the workspace's: <see cref="SolveWorkspace{T}.ReplayCounters"/>).</summary>
    public void Clear(int count)
    {
        _evaluations.AsSpan(0, count).Clear();
        _accepted.AsSpan(0, count).Clear();
        _rejected.AsSpan(0, count).Clear();
    }

    public void CountEvaluation(int lane) => _evaluations[lane - _first]++;

    public void CountStep(int lane, bool accepted)
    {
        if (accepted)
        {
            _accepted[lane - _first]++;
        }
        else
        {
            _rejected[lane - _first]++;
        }
    }

    public long Steps(int lane) => _accepted[lane - _first] + _rejected[lane - _first];

    /// <summary>Writes the counted lanes' work into their rows of <paramref name="stats"/> (the whole batch's).</summary>
    public void Fill(SolverStats[] stats)
    {
        for (int i = 0; i < _evaluations.Length; i++)
        {
            stats[_first + i] = new SolverStats(_evaluations[i], _accepted[i], _rejected[i]);
        }
    }
}
