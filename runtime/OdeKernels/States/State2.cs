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
    /// <summary>A state with the given components.</summary>
    /// <param name="x">Component 0.</param>
    /// <param name="y">Component 1.</param>
    public State2(T x, T y)
    {
        X = x;
        Y = y;
    }

    /// <summary>Component 0.</summary>
    public T X { get; init; }

    /// <summary>Component 1.</summary>
    public T Y { get; init; }

    /// <inheritdoc/>
    public static int Size => 2;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State2<T> operator +(State2<T> left, State2<T> right) => new(left.X + right.X, left.Y + right.Y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State2<T> operator *(T scale, State2<T> state) => new(scale * state.X, scale * state.Y);

    /// <inheritdoc/>
    public static State2<T> Load(ReadOnlySpan<T> values) => new(values[0], values[1]);

    /// <inheritdoc/>
    public void CopyTo(Span<T> destination)
    {
        _ = destination[1];
        destination[0] = X;
        destination[1] = Y;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State2<T> FusedMultiplyAdd(T scale, State2<T> state, State2<T> addend) =>
        new(T.FusedMultiplyAdd(scale, state.X, addend.X), T.FusedMultiplyAdd(scale, state.Y, addend.Y));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorSquares(State2<T> error, State2<T> y, State2<T> yNew, T absoluteTolerance, T relativeTolerance)
    {
        T e = T.Zero;
        T r0 = error.X / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y.X), T.Abs(yNew.X))));
        e += r0 * r0;
        T r1 = error.Y / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y.Y), T.Abs(yNew.Y))));
        e += r1 * r1;
        return e;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinite(State2<T> state) => T.IsFinite(state.X) && T.IsFinite(state.Y);
}
