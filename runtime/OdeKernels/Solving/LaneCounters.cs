using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>Per-lane work counters of a solve (indexed by lane, not by working-set slot).</summary>
internal sealed class LaneCounters
{
    private readonly long[] _evaluations;
    private readonly long[] _accepted;
    private readonly long[] _rejected;

    public LaneCounters(int lanes)
    {
        _evaluations = new long[lanes];
        _accepted = new long[lanes];
        _rejected = new long[lanes];
    }

    /// <summary>Counts <paramref name="evaluations"/> evaluations for each of the first <paramref name="active"/> slots' lanes.</summary>
    public void AddEvaluations<T>(SolveWorkspace<T> ws, int active, int evaluations = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] lane = ws.Lane;
        for (int i = 0; i < active; i++)
        {
            _evaluations[lane[i]] += evaluations;
        }
    }

    public void CountEvaluation(int lane) => _evaluations[lane]++;

    public void CountStep(int lane, bool accepted)
    {
        if (accepted)
        {
            _accepted[lane]++;
        }
        else
        {
            _rejected[lane]++;
        }
    }

    public long Steps(int lane) => _accepted[lane] + _rejected[lane];

    public void Fill(SolverStats[] stats)
    {
        for (int i = 0; i < stats.Length; i++)
        {
            stats[i] = new SolverStats(_evaluations[i], _accepted[i], _rejected[i]);
        }
    }
}
