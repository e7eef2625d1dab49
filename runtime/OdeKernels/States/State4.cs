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
    /// <summary>A state with the given components.</summary>
    /// <param name="x">Component 0.</param>
    /// <param name="y">Component 1.</param>
    /// <param name="z">Component 2.</param>
    /// <param name="w">Component 3.</param>
    public State4(T x, T y, T z, T w)
    {
        X = x;
        Y = y;
        Z = z;
        W = w;
    }

    /// <summary>Component 0.</summary>
    public T X { get; init; }

    /// <summary>Component 1.</summary>
    public T Y { get; init; }

    /// <summary>Component 2.</summary>
    public T Z { get; init; }

    /// <summary>Component 3.</summary>
    public T W { get; init; }

    /// <inheritdoc/>
    public static int Size => 4;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State4<T> operator +(State4<T> left, State4<T> right) => new(left.X + right.X, left.Y + right.Y, left.Z + right.Z, left.W + right.W);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State4<T> operator *(T scale, State4<T> state) => new(scale * state.X, scale * state.Y, scale * state.Z, scale * state.W);

    /// <inheritdoc/>
    public static State4<T> Load(ReadOnlySpan<T> values) => new(values[0], values[1], values[2], values[3]);

    /// <inheritdoc/>
    public void CopyTo(Span<T> destination)
    {
        _ = destination[3];
        destination[0] = X;
        destination[1] = Y;
        destination[2] = Z;
        destination[3] = W;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static State4<T> FusedMultiplyAdd(T scale, State4<T> state, State4<T> addend) =>
        new(T.FusedMultiplyAdd(scale, state.X, addend.X), T.FusedMultiplyAdd(scale, state.Y, addend.Y), T.FusedMultiplyAdd(scale, state.Z, addend.Z), T.FusedMultiplyAdd(scale, state.W, addend.W));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledErrorSquares(State4<T> error, State4<T> y, State4<T> yNew, T absoluteTolerance, T relativeTolerance)
    {
        T e = T.Zero;
        T r0 = error.X / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y.X), T.Abs(yNew.X))));
        e += r0 * r0;
        T r1 = error.Y / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y.Y), T.Abs(yNew.Y))));
        e += r1 * r1;
        T r2 = error.Z / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y.Z), T.Abs(yNew.Z))));
        e += r2 * r2;
        T r3 = error.W / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y.W), T.Abs(yNew.W))));
        e += r3 * r3;
        return e;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinite(State4<T> state) => T.IsFinite(state.X) && T.IsFinite(state.Y) && T.IsFinite(state.Z) && T.IsFinite(state.W);
}
