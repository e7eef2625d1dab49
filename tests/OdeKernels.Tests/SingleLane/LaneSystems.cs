using System;
using System.Numerics;

namespace OdeKernels.Tests.SingleLane;

/// <summary>
/// A ring of nonlinearly damped, driven oscillators of any size: y_c' = y_{c+1} − y_{c−1} − y_c³/4 + sin(t)/10.
/// Non-autonomous (so stage times matter) and coupled (so every component feeds the others).
/// </summary>
public readonly struct Ring<T>(int size) : IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int StateSize => size;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        int n = size;
        T quarter = T.CreateTruncating(0.25), drive = T.CreateTruncating(0.1) * T.Sin(t);
        for (int c = 0; c < n; c++)
        {
            T left = y[(c + n - 1) % n], right = y[(c + 1) % n], v = y[c];
            dydt[c] = right - left - (quarter * v * v * v) + drive;
        }
    }

    public static T[] Start(int lanes, int size)
    {
        var y0 = new T[lanes * size];
        for (int i = 0; i < y0.Length; i++)
        {
            y0[i] = T.CreateTruncating(Math.Cos(0.7 * i) + (0.1 * (i / size)));
        }

        return y0;
    }
}

/// <summary>The same ring as a batched class (one lane at a time in its batch call), for the batched-system lane adapter.</summary>
public sealed class BatchedRing<T>(int size) : IBatchedOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _y = new T[size];
    private readonly T[] _f = new T[size];

    public int StateSize => size;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt) => new Ring<T>(size).Evaluate(t, y, dydt);

    public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride)
    {
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < size; c++)
            {
                _y[c] = y[(c * stride) + i];
            }

            Evaluate(t[i], _y, _f);
            for (int c = 0; c < size; c++)
            {
                dydt[(c * stride) + i] = _f[c];
            }
        }
    }
}
