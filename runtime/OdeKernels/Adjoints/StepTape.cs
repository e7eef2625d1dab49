using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// One lane's record of a forward solve for the discrete adjoint: every accepted step's time, size and landing save
/// index (a few bytes a step), and the state at every K-th step. When more than the allowed number of states are
/// stored, every other one is dropped and K doubles, so a lane of N steps keeps O(√N) states in the automatic mode
/// (and all of them for <see cref="AdjointMethod.Direct"/>, where K stays 1).
/// </summary>
internal sealed class LaneTape<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n;
    private readonly int _limit;
    private double[] _t = new double[16];
    private double[] _h = new double[16];
    private int[] _save = new int[16];
    private T[] _states;
    private int[] _stateStep = new int[4];

    public LaneTape(int stateSize, int limit)
    {
        _n = stateSize;
        _limit = limit;
        _states = new T[4 * stateSize];
        Interval = 1;
    }

    public int Count { get; private set; }

    public int Stored { get; private set; }

    public int Interval { get; private set; }

    public double Time(int step) => _t[step];

    public double Step(int step) => _h[step];

    public int Save(int step) => _save[step];

    public int StoredStep(int index) => _stateStep[index];

    public ReadOnlySpan<T> StoredState(int index) => _states.AsSpan(index * _n, _n);

    public void Add(double t, double h, int save, ReadOnlySpan<T> y, int slot, int stride)
    {
        int step = Count++;
        if (step == _t.Length)
        {
            Array.Resize(ref _t, step * 2);
            Array.Resize(ref _h, step * 2);
            Array.Resize(ref _save, step * 2);
        }

        _t[step] = t;
        _h[step] = h;
        _save[step] = save;
        if (step % Interval != 0)
        {
            return;
        }

        if (Stored == _stateStep.Length)
        {
            Array.Resize(ref _stateStep, Stored * 2);
            Array.Resize(ref _states, Stored * 2 * _n);
        }

        _stateStep[Stored] = step;
        for (int c = 0; c < _n; c++)
        {
            _states[(Stored * _n) + c] = y[(c * stride) + slot];
        }

        Stored++;
        int limit = _limit > 0 ? _limit : Math.Max(2, (int)Math.Ceiling(2 * Math.Sqrt(Count)));
        if (Stored > limit)
        {
            Thin();
        }
    }

    /// <summary>Keeps the states at multiples of twice the interval (always including step 0).</summary>
    private void Thin()
    {
        int kept = 0;
        for (int i = 0; i < Stored; i++)
        {
            if (_stateStep[i] % (2 * Interval) == 0)
            {
                _stateStep[kept] = _stateStep[i];
                _states.AsSpan(i * _n, _n).CopyTo(_states.AsSpan(kept * _n, _n));
                kept++;
            }
        }

        Stored = kept;
        Interval *= 2;
    }
}

/// <summary>Routes accepted steps to each lane's tape.</summary>
internal readonly struct TapeRecorder<T> : IStepRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LaneTape<T>[] _tapes;

    public TapeRecorder(LaneTape<T>[] tapes) => _tapes = tapes;

    public void Stepped(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active)
    {
        for (int i = 0; i < active; i++)
        {
            if (ws.Accepted[i])
            {
                _tapes[ws.Lane[i]].Add(ws.Time[i], ws.Taken[i], ws.Clipped[i] ? ws.NextSave[i] : -1, ws.Y, i, ws.Capacity);
            }
        }
    }
}
