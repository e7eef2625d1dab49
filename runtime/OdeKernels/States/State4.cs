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
        T r0 = error._x / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y._x), T.Abs(yNew._x))));
        e += r0 * r0;
        T r1 = error._y / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y._y), T.Abs(yNew._y))));
        e += r1 * r1;
        T r2 = error._z / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y._z), T.Abs(yNew._z))));
        e += r2 * r2;
        T r3 = error._w / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y._w), T.Abs(yNew._w))));
        e += r3 * r3;
        return e;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorMaximum(State4<T> error, State4<T> y, State4<T> f, T h, T absoluteTolerance, T relativeTolerance)
    {
        T scale = T.Abs(h);
        T r0 = T.Abs(error._x) / (absoluteTolerance + (relativeTolerance * (T.Abs(y._x) + (scale * T.Abs(f._x)))));
        T r1 = T.Abs(error._y) / (absoluteTolerance + (relativeTolerance * (T.Abs(y._y) + (scale * T.Abs(f._y)))));
        T r2 = T.Abs(error._z) / (absoluteTolerance + (relativeTolerance * (T.Abs(y._z) + (scale * T.Abs(f._z)))));
        T r3 = T.Abs(error._w) / (absoluteTolerance + (relativeTolerance * (T.Abs(y._w) + (scale * T.Abs(f._w)))));

        // The ratios are ≥ +0 or NaN: the processor's max gives their maximum in one instruction each (T.Max's NaN and
        // signed-zero rules cost three on the step's path to the controller), and their sum, beside it, carries a NaN.
        T sum = r0 + r1 + r2 + r3;
        return T.IsNaN(sum) ? sum : Solving.NativeMax.Of(Solving.NativeMax.Of(Solving.NativeMax.Of(r0, r1), r2), r3);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinite(State4<T> state) => T.IsFinite(state._x) && T.IsFinite(state._y) && T.IsFinite(state._z) && T.IsFinite(state._w);
}
