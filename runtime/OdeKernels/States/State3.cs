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
    /// <summary>A state with the given components.</summary>
    /// <param name="x">Component 0.</param>
    /// <param name="y">Component 1.</param>
    /// <param name="z">Component 2.</param>
    public State3(T x, T y, T z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    /// <summary>Component 0.</summary>
    public T X { get; init; }

    /// <summary>Component 1.</summary>
    public T Y { get; init; }

    /// <summary>Component 2.</summary>
    public T Z { get; init; }

    /// <inheritdoc/>
    public static int Size => 3;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State3<T> operator +(State3<T> left, State3<T> right) => new(left.X + right.X, left.Y + right.Y, left.Z + right.Z);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State3<T> operator *(T scale, State3<T> state) => new(scale * state.X, scale * state.Y, scale * state.Z);

    /// <inheritdoc/>
    public static State3<T> Load(ReadOnlySpan<T> values) => new(values[0], values[1], values[2]);

    /// <inheritdoc/>
    public void CopyTo(Span<T> destination)
    {
        _ = destination[2];
        destination[0] = X;
        destination[1] = Y;
        destination[2] = Z;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State3<T> FusedMultiplyAdd(T scale, State3<T> state, State3<T> addend) =>
        new(T.FusedMultiplyAdd(scale, state.X, addend.X), T.FusedMultiplyAdd(scale, state.Y, addend.Y), T.FusedMultiplyAdd(scale, state.Z, addend.Z));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorSquares(State3<T> error, State3<T> y, State3<T> yNew, T absoluteTolerance, T relativeTolerance)
    {
        T e = T.Zero;
        T r0 = error.X / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y.X), T.Abs(yNew.X))));
        e += r0 * r0;
        T r1 = error.Y / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y.Y), T.Abs(yNew.Y))));
        e += r1 * r1;
        T r2 = error.Z / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y.Z), T.Abs(yNew.Z))));
        e += r2 * r2;
        return e;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinite(State3<T> state) => T.IsFinite(state.X) && T.IsFinite(state.Y) && T.IsFinite(state.Z);
}
