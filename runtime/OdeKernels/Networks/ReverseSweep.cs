using System;

namespace OdeKernels;

/// <summary>
/// The order in which a recurrent encoder visits a ragged batch of series backwards in time (Chen et al., 2018, §5;
/// Rubanova et al., 2019, §3.3): step k visits, series by series, row n − 1 − k of every series longer than k, so
/// the series of a batch, with different lengths, share one batched cell call per step. Visit v (0, 1, …, rows − 1)
/// is the v-th row visited; the visits of step k are [<see cref="StepStart"/>[k], <see cref="StepStart"/>[k + 1]).
/// Written once for <see cref="RecurrentEncoder{T}"/> and <see cref="OdeRnnEncoder{TDynamics, TTableau, T}"/>.
/// </summary>
/// <remarks>Thread safety: mutable buffers of one encoder; used from one thread at a time.</remarks>
internal sealed class ReverseSweep
{
    private int[] _series = [];
    private int[] _row = [];
    private int[] _stepStart = [];

    /// <summary>The number of series of the last plan; −1 before the first.</summary>
    public int Count { get; private set; } = -1;

    /// <summary>The number of steps: the longest series' length.</summary>
    public int Steps { get; private set; }

    /// <summary>The rows of all series.</summary>
    public int Rows { get; private set; }

    /// <summary>The series of each visit.</summary>
    public ReadOnlySpan<int> Series => _series.AsSpan(0, Rows);

    /// <summary>The row (into the ragged layout) of each visit.</summary>
    public ReadOnlySpan<int> Row => _row.AsSpan(0, Rows);

    /// <summary>Where each step's visits start, <see cref="Steps"/> + 1 values.</summary>
    public ReadOnlySpan<int> StepStart => _stepStart.AsSpan(0, Steps + 1);

    /// <summary>Plans the sweep over checked offsets of <paramref name="count"/> series, the longest <paramref name="longest"/> rows.</summary>
    public void Plan(ReadOnlySpan<int> offsets, int count, int longest)
    {
        int rows = offsets[count];
        Grow(ref _series, rows);
        Grow(ref _row, rows);
        Grow(ref _stepStart, longest + 1);
        int visit = 0;
        for (int k = 0; k < longest; k++)
        {
            _stepStart[k] = visit;
            for (int i = 0; i < count; i++)
            {
                int n = offsets[i + 1] - offsets[i];
                if (n > k)
                {
                    _series[visit] = i;
                    _row[visit++] = offsets[i] + n - 1 - k;
                }
            }
        }

        _stepStart[longest] = visit;
        Count = count;
        Steps = longest;
        Rows = rows;
    }

    /// <summary>Replaces <paramref name="buffer"/> by a longer one when it holds fewer than <paramref name="length"/> values (the encoders' buffers grow on demand, so a steady state allocates nothing).</summary>
    public static void Grow<TValue>(ref TValue[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new TValue[length];
        }
    }
}
