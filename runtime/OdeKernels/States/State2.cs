using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels;

/// <summary>
/// A state of two components held in fields (<see cref="IStateVector{TSelf, T}"/>), for small systems solved
/// through <see cref="ISmallOdeSystem{T, TState}"/>: the JIT keeps it in registers.
/// </summary>
/// <typeparam name="T">The floating-point type of the components.</typeparam>
/// <remarks>Thread safety: an immutable value.</remarks>
public readonly struct State2<T> : IStateVector<State2<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Fields behind the properties, read directly by the operators (and a constructor always inlined): a generated step
    // of a few stages makes hundreds of operator calls, and every property read the JIT inlines counts against the
    // inlining budget of the method holding the step (Dopri5's step over a State3 ran out of it and kept calls to the
    // constructor and to the system, with the stages in memory).
    private readonly T _x;
    private readonly T _y;

    /// <summary>A state with the given components.</summary>
    /// <param name="x">Component 0.</param>
    /// <param name="y">Component 1.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public State2(T x, T y)
    {
        _x = x;
        _y = y;
    }

    /// <summary>Component 0.</summary>
    public T X { get => _x; init => _x = value; }

    /// <summary>Component 1.</summary>
    public T Y { get => _y; init => _y = value; }

    /// <inheritdoc/>
    public static int Size => 2;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State2<T> operator +(State2<T> left, State2<T> right) => new(left._x + right._x, left._y + right._y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State2<T> operator *(T scale, State2<T> state) => new(scale * state._x, scale * state._y);

    /// <inheritdoc/>
    public static State2<T> Load(ReadOnlySpan<T> values) => new(values[0], values[1]);

    /// <inheritdoc/>
    public void CopyTo(Span<T> destination)
    {
        _ = destination[1];
        destination[0] = _x;
        destination[1] = _y;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State2<T> MultiplyAdd(T scale, State2<T> state, State2<T> addend) =>
        new(addend._x + (scale * state._x), addend._y + (scale * state._y));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State2<T> FusedMultiplyAdd(T scale, State2<T> state, State2<T> addend) =>
        new(T.FusedMultiplyAdd(scale, state._x, addend._x), T.FusedMultiplyAdd(scale, state._y, addend._y));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorSquares(State2<T> error, State2<T> y, State2<T> yNew, T absoluteTolerance, T relativeTolerance)
    {
        T e = T.Zero;
        T r0 = ErrorScale.SquaresRatio(error._x, y._x, yNew._x, absoluteTolerance, relativeTolerance);
        e += r0 * r0;
        T r1 = ErrorScale.SquaresRatio(error._y, y._y, yNew._y, absoluteTolerance, relativeTolerance);
        e += r1 * r1;
        return e;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorMaximum(State2<T> error, State2<T> y, State2<T> f, T h, T absoluteTolerance, T relativeTolerance)
    {
        T scale = T.Abs(h);
        T r0 = ErrorScale.MaximumRatio(error._x, y._x, f._x, scale, absoluteTolerance, relativeTolerance);
        T r1 = ErrorScale.MaximumRatio(error._y, y._y, f._y, scale, absoluteTolerance, relativeTolerance);

        // The ratios are ≥ +0 or NaN: the processor's max gives their maximum in one instruction each (T.Max's NaN and
        // signed-zero rules cost three on the step's path to the controller), and their sum, beside it, carries a NaN.
        T sum = r0 + r1;
        return T.IsNaN(sum) ? sum : Solving.NativeMax.Of(r0, r1);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinite(State2<T> state) => T.IsFinite(state._x) && T.IsFinite(state._y);
}
