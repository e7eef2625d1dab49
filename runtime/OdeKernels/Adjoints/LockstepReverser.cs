using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// Reverses recorded steps for many lanes at once. Each round takes, for every lane that still has steps, its last
/// unreversed step: the lane's start state, time and step size are gathered into the batch and
/// <see cref="ReverseStepper{T}"/> reverses the step with the generated forward and reverse steps. Lanes are ordered by step count so the batch only ever shrinks from the end.
/// </summary>
internal sealed class LockstepReverser<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n;
    private readonly int _stride;
    private readonly T[] _y;
    private readonly T[] _bar;
    private readonly T[] _parameterStep;
    private readonly ReverseStepper<T> _stepper;
    private readonly int[] _order;
    private readonly int[] _counts;

    /// <exception cref="OutOfMemoryException">The buffers do not fit in memory; the message names the bytes needed.</exception>
    public LockstepReverser(int parameterCount, int stateSize, int lanes, int stages, int extraStages = 0)
    {
        _n = stateSize;
        _stride = lanes;
        try
        {
            _y = new T[stateSize * lanes];
            _bar = new T[stateSize * lanes];
            _stepper = new ReverseStepper<T>(stateSize, lanes, stages, extraStages);
        }
        catch (OutOfMemoryException e)
        {
            long bytes = (5L + (2L * stages)) * stateSize * lanes * Unsafe.SizeOf<T>();
            throw BufferLimits.OutOfMemory(bytes, $"the discrete adjoint's reverse-step buffers ({lanes} lanes × {stateSize} components, {stages} stages)", e);
        }

        _parameterStep = new T[parameterCount];
        Parameters = new double[parameterCount];
        _order = new int[lanes];
        _counts = new int[lanes];
    }

    /// <summary>The parameter cotangent gathered so far (summed in double across steps).</summary>
    public double[] Parameters { get; }

    /// <summary>Right-hand-side and VJP evaluations spent, per lane.</summary>
    public long Evaluations { get; private set; }

    /// <summary>Steps reversed, over all lanes.</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// Reverses all steps recorded for <paramref name="lanes"/>[0..<paramref name="count"/>), updating each lane's
    /// cotangent in <paramref name="bar"/> (lane after lane) and adding dL/dy at the save times the steps land on and
    /// through the interpolant at the save times inside them (laid out as <paramref name="schedule"/> says).
    /// </summary>
    public void Reverse<TTableau, TSystem>(ref TSystem system, int[] lanes, int count, StepBuffer<T>[] steps, T[] bar, ReadOnlySpan<T> dLdY, SaveSchedule<T> schedule)
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedDifferentiableSystem<T>
    {
        int n = _n, stride = _stride;
        double[] save = schedule.Save;
        for (int i = 0; i < count; i++)
        {
            _order[i] = lanes[i];
            _counts[i] = -steps[lanes[i]].Count;
        }

        Array.Sort(_counts, _order, 0, count);
        for (int i = 0; i < count; i++)
        {
            _counts[i] = -_counts[i];
            for (int c = 0; c < n; c++)
            {
                _bar[(c * stride) + i] = bar[(_order[i] * n) + c];
            }
        }

        int active = count;
        for (int r = 0; count > 0 && r < _counts[0]; r++)
        {
            while (active > 0 && _counts[active - 1] <= r)
            {
                active--;
            }

            for (int i = 0; i < active; i++)
            {
                int lane = _order[i];
                StepBuffer<T> buffer = steps[lane];
                int k = _counts[i] - 1 - r;
                ReadOnlySpan<T> y = buffer.State(k);
                for (int c = 0; c < n; c++)
                {
                    _y[(c * stride) + i] = y[c];
                }

                _stepper.Time[i] = T.CreateTruncating(buffer.Time(k));
                _stepper.StepSize[i] = T.CreateTruncating(buffer.Step(k));
                if (buffer.Save(k) is int landing and >= 0)
                {
                    ReadOnlySpan<T> g = dLdY.Slice(schedule.Row(landing, lane) * n, n);
                    for (int c = 0; c < n; c++)
                    {
                        _bar[(c * stride) + i] += g[c];
                    }
                }

                for (int j = buffer.FirstInside(k), last = j + buffer.Inside(k); j < last; j++)
                {
                    double theta = DenseOutput.Theta(save[j], buffer.Time(k), buffer.Step(k));
                    _stepper.AddInterpolated(TTableau.Info, i, theta, dLdY.Slice(schedule.Row(j, lane) * n, n));
                }
            }

            _parameterStep.AsSpan().Clear();
            _stepper.Reverse<TTableau, TSystem>(ref system, _y, _bar, _parameterStep, active);
            for (int k = 0; k < Parameters.Length; k++)
            {
                Parameters[k] += double.CreateTruncating(_parameterStep[k]);
            }

            Evaluations += (long)active * _stepper.EvaluationsPerStep;
            Steps += active;
        }

        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < n; c++)
            {
                bar[(_order[i] * n) + c] = _bar[(c * stride) + i];
            }
        }
    }
}
