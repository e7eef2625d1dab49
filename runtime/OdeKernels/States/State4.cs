using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels;

/// <summary>
/// A state of four components held in fields (<see cref="IStateVector{TSelf, T}"/>), for small systems solved
/// through <see cref="ISmallOdeSystem{T, TState}"/>: the JIT keeps it in registers.
/// </summary>
/// <typeparam name="T">The floating-point type of the components.</typeparam>
/// <remarks>Thread safety: an immutable value.</remarks>
public readonly struct State4<T> : IStateVector<State4<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Fields behind the properties, read directly by the operators: see State2<T>.
    private readonly T _x;
    private readonly T _y;
    private readonly T _z;
    private readonly T _w;

    /// <summary>A state with the given components.</summary>
    /// <param name="x">Component 0.</param>
    /// <param name="y">Component 1.</param>
    /// <param name="z">Component 2.</param>
    /// <param name="w">Component 3.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public State4(T x, T y, T z, T w)
    {
        _x = x;
        _y = y;
        _z = z;
        _w = w;
    }

    /// <summary>Component 0.</summary>
    public T X { get => _x; init => _x = value; }

    /// <summary>Component 1.</summary>
    public T Y { get => _y; init => _y = value; }

    /// <summary>Component 2.</summary>
    public T Z { get => _z; init => _z = value; }

    /// <summary>Component 3.</summary>
    public T W { get => _w; init => _w = value; }

    /// <inheritdoc/>
    public static int Size => 4;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State4<T> operator +(State4<T> left, State4<T> right) => new(left._x + right._x, left._y + right._y, left._z + right._z, left._w + right._w);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State4<T> operator *(T scale, State4<T> state) => new(scale * state._x, scale * state._y, scale * state._z, scale * state._w);

    /// <inheritdoc/>
    public static State4<T> Load(ReadOnlySpan<T> values) => new(values[0], values[1], values[2], values[3]);

    /// <inheritdoc/>
    public void CopyTo(Span<T> destination)
    {
        _ = destination[3];
        destination[0] = _x;
        destination[1] = _y;
        destination[2] = _z;
        destination[3] = _w;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State4<T> MultiplyAdd(T scale, State4<T> state, State4<T> addend) =>
        new(addend._x + (scale * state._x), addend._y + (scale * state._y), addend._z + (scale * state._z), addend._w + (scale * state._w));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State4<T> FusedMultiplyAdd(T scale, State4<T> state, State4<T> addend) =>
        new(T.FusedMultiplyAdd(scale, state._x, addend._x), T.FusedMultiplyAdd(scale, state._y, addend._y), T.FusedMultiplyAdd(scale, state._z, addend._z), T.FusedMultiplyAdd(scale, state._w, addend._w));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorSquares(State4<T> error, State4<T> y, State4<T> yNew, T absoluteTolerance, T relativeTolerance)
    {
        T e = T.Zero;
        T r0 = ErrorScale.SquaresRatio(error._x, y._x, yNew._x, absoluteTolerance, relativeTolerance);
        e += r0 * r0;
        T r1 = ErrorScale.SquaresRatio(error._y, y._y, yNew._y, absoluteTolerance, relativeTolerance);
        e += r1 * r1;
        T r2 = ErrorScale.SquaresRatio(error._z, y._z, yNew._z, absoluteTolerance, relativeTolerance);
        e += r2 * r2;
        T r3 = ErrorScale.SquaresRatio(error._w, y._w, yNew._w, absoluteTolerance, relativeTolerance);
        e += r3 * r3;
        return e;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorMaximum(State4<T> error, State4<T> y, State4<T> f, T h, T absoluteTolerance, T relativeTolerance)
    {
        T scale = T.Abs(h);
        T r0 = ErrorScale.MaximumRatio(error._x, y._x, f._x, scale, absoluteTolerance, relativeTolerance);
        T r1 = ErrorScale.MaximumRatio(error._y, y._y, f._y, scale, absoluteTolerance, relativeTolerance);
        T r2 = ErrorScale.MaximumRatio(error._z, y._z, f._z, scale, absoluteTolerance, relativeTolerance);
        T r3 = ErrorScale.MaximumRatio(error._w, y._w, f._w, scale, absoluteTolerance, relativeTolerance);

        // The ratios are ≥ +0 or NaN: the processor's max gives their maximum in one instruction each (T.Max's NaN and
        // signed-zero rules cost three on the step's path to the controller), and their sum, beside it, carries a NaN.
        T sum = r0 + r1 + r2 + r3;
        return T.IsNaN(sum) ? sum : Solving.NativeMax.Of(Solving.NativeMax.Of(Solving.NativeMax.Of(r0, r1), r2), r3);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinite(State4<T> state) => T.IsFinite(state._x) && T.IsFinite(state._y) && T.IsFinite(state._z) && T.IsFinite(state._w);
}
