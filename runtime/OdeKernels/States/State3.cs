using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels;

/// <summary>
/// A state of three components held in fields (<see cref="IStateVector{TSelf, T}"/>), for small systems solved
/// through <see cref="ISmallOdeSystem{T, TState}"/>: the JIT keeps it in registers.
/// </summary>
/// <typeparam name="T">The floating-point type of the components.</typeparam>
/// <remarks>Thread safety: an immutable value.</remarks>
public readonly struct State3<T> : IStateVector<State3<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Fields behind the properties, read directly by the operators: see State2<T>.
    private readonly T _x;
    private readonly T _y;
    private readonly T _z;

    /// <summary>A state with the given components.</summary>
    /// <param name="x">Component 0.</param>
    /// <param name="y">Component 1.</param>
    /// <param name="z">Component 2.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public State3(T x, T y, T z)
    {
        _x = x;
        _y = y;
        _z = z;
    }

    /// <summary>Component 0.</summary>
    public T X { get => _x; init => _x = value; }

    /// <summary>Component 1.</summary>
    public T Y { get => _y; init => _y = value; }

    /// <summary>Component 2.</summary>
    public T Z { get => _z; init => _z = value; }

    /// <inheritdoc/>
    public static int Size => 3;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State3<T> operator +(State3<T> left, State3<T> right) => new(left._x + right._x, left._y + right._y, left._z + right._z);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State3<T> operator *(T scale, State3<T> state) => new(scale * state._x, scale * state._y, scale * state._z);

    /// <inheritdoc/>
    public static State3<T> Load(ReadOnlySpan<T> values) => new(values[0], values[1], values[2]);

    /// <inheritdoc/>
    public void CopyTo(Span<T> destination)
    {
        _ = destination[2];
        destination[0] = _x;
        destination[1] = _y;
        destination[2] = _z;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State3<T> MultiplyAdd(T scale, State3<T> state, State3<T> addend) =>
        new(addend._x + (scale * state._x), addend._y + (scale * state._y), addend._z + (scale * state._z));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State3<T> FusedMultiplyAdd(T scale, State3<T> state, State3<T> addend) =>
        new(T.FusedMultiplyAdd(scale, state._x, addend._x), T.FusedMultiplyAdd(scale, state._y, addend._y), T.FusedMultiplyAdd(scale, state._z, addend._z));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorSquares(State3<T> error, State3<T> y, State3<T> yNew, T absoluteTolerance, T relativeTolerance)
    {
        T e = T.Zero;
        T r0 = ErrorScale.SquaresRatio(error._x, y._x, yNew._x, absoluteTolerance, relativeTolerance);
        e += r0 * r0;
        T r1 = ErrorScale.SquaresRatio(error._y, y._y, yNew._y, absoluteTolerance, relativeTolerance);
        e += r1 * r1;
        T r2 = ErrorScale.SquaresRatio(error._z, y._z, yNew._z, absoluteTolerance, relativeTolerance);
        e += r2 * r2;
        return e;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorMaximum(State3<T> error, State3<T> y, State3<T> f, T h, T absoluteTolerance, T relativeTolerance)
    {
        T scale = T.Abs(h);
        T r0 = ErrorScale.MaximumRatio(error._x, y._x, f._x, scale, absoluteTolerance, relativeTolerance);
        T r1 = ErrorScale.MaximumRatio(error._y, y._y, f._y, scale, absoluteTolerance, relativeTolerance);
        T r2 = ErrorScale.MaximumRatio(error._z, y._z, f._z, scale, absoluteTolerance, relativeTolerance);

        // The ratios are ≥ +0 or NaN: the processor's max gives their maximum in one instruction each (T.Max's NaN and
        // signed-zero rules cost three on the step's path to the controller), and their sum, beside it, carries a NaN.
        T sum = r0 + r1 + r2;
        return T.IsNaN(sum) ? sum : Solving.NativeMax.Of(Solving.NativeMax.Of(r0, r1), r2);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinite(State3<T> state) => T.IsFinite(state._x) && T.IsFinite(state._y) && T.IsFinite(state._z);
}
