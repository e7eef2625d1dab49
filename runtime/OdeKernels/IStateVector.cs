using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// The state of one small trajectory as a value: a struct of a few fields that declares its own arithmetic, so that
/// a solve through <see cref="ISmallOdeSystem{T, TState}"/> keeps the state and the Runge-Kutta stages in local
/// variables (registers) instead of spans. Built-in: <see cref="State2{T}"/>, <see cref="State3{T}"/>,
/// <see cref="State4{T}"/>; a user's own struct implements this interface for other sizes or named fields.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
/// <typeparam name="T">The floating-point type of the components (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <remarks>
/// Every operation acts component by component, with one IEEE rounding per operation and no contraction (no
/// <see cref="Math.FusedMultiplyAdd(double, double, double)"/> inside <c>+</c> or <c>*</c>), and
/// <see cref="ScaledErrorSquares"/> sums its components in order 0, 1, …: then a solve through this interface
/// gives the same bits as the span-based <see cref="IOdeSystem{T}"/> path for the same arithmetic.
/// Thread safety: a value type without shared state; its static members must be pure.
/// </remarks>
public interface IStateVector<TSelf, T>
    where TSelf : struct, IStateVector<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of components (the system's state size).</summary>
    static abstract int Size { get; }

    /// <summary>Component-wise sum: effectively computes <c>left[c] + right[c]</c> for every component c.</summary>
    /// <param name="left">The first addend.</param>
    /// <param name="right">The second addend.</param>
    /// <returns>The sum.</returns>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Scaling: effectively computes <c>scale * state[c]</c> for every component c.</summary>
    /// <param name="scale">The factor.</param>
    /// <param name="state">The state.</param>
    /// <returns>The scaled state.</returns>
    static abstract TSelf operator *(T scale, TSelf state);

    /// <summary>The state whose components are the first <see cref="Size"/> values of <paramref name="values"/>.</summary>
    /// <param name="values">At least <see cref="Size"/> values.</param>
    /// <returns>The state.</returns>
    static abstract TSelf Load(ReadOnlySpan<T> values);

    /// <summary>Writes the components into the first <see cref="Size"/> values of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Size"/> values.</param>
    void CopyTo(Span<T> destination);

    /// <summary>
    /// Multiply, then add: <c>addend[c] + scale * state[c]</c> for every component c with two roundings, the bits of
    /// <c>addend + scale * state</c> through the operators. The solver's default (unfused) stage combinations use it:
    /// one call per term instead of two operators leaves the JIT's inlining budget for the system's
    /// <c>Evaluate</c> in a step of many stages. A built-in state overrides it field by field.
    /// </summary>
    /// <param name="scale">The factor.</param>
    /// <param name="state">The state scaled.</param>
    /// <param name="addend">The state added.</param>
    /// <returns>The sum.</returns>
    static virtual TSelf MultiplyAdd(T scale, TSelf state, TSelf addend) => addend + (scale * state);

    /// <summary>
    /// Fused multiply-add: effectively computes <c>scale * state[c] + addend[c]</c> for every component c with a single
    /// rounding (<see cref="IFloatingPointIeee754{TSelf}.FusedMultiplyAdd"/>). Used only when
    /// <see cref="SolverOptions.FusedMultiplyAdd"/> is set. The default goes through <see cref="Load"/> and
    /// <see cref="CopyTo"/>; a built-in state overrides it field by field.
    /// </summary>
    /// <param name="scale">The factor.</param>
    /// <param name="state">The state scaled.</param>
    /// <param name="addend">The state added.</param>
    /// <returns>The fused result.</returns>
    static virtual TSelf FusedMultiplyAdd(T scale, TSelf state, TSelf addend)
    {
        Span<T> a = stackalloc T[TSelf.Size], b = stackalloc T[TSelf.Size];
        state.CopyTo(a);
        addend.CopyTo(b);
        for (int c = 0; c < a.Length; c++)
        {
            a[c] = T.FusedMultiplyAdd(scale, a[c], b[c]);
        }

        return TSelf.Load(a);
    }

    /// <summary>
    /// The squared scaled error of a step, summed over components in order: effectively computes
    /// Σ_c (error[c] / (atol + rtol · max(|y[c]|, |yNew[c]|)))², the sum taken left to right from component 0 (the
    /// order fixes the bits). NaN in any input gives NaN. The default goes through <see cref="CopyTo"/>; a built-in
    /// state overrides it field by field.
    /// </summary>
    /// <param name="error">The embedded error estimate h · Σ dⱼkⱼ.</param>
    /// <param name="y">The state at the start of the step.</param>
    /// <param name="yNew">The proposed state.</param>
    /// <param name="absoluteTolerance">atol.</param>
    /// <param name="relativeTolerance">rtol.</param>
    /// <returns>The sum of squares.</returns>
    static virtual T ScaledErrorSquares(TSelf error, TSelf y, TSelf yNew, T absoluteTolerance, T relativeTolerance)
    {
        Span<T> e = stackalloc T[TSelf.Size], a = stackalloc T[TSelf.Size], b = stackalloc T[TSelf.Size];
        error.CopyTo(e);
        y.CopyTo(a);
        yNew.CopyTo(b);
        T sum = T.Zero;
        for (int c = 0; c < e.Length; c++)
        {
            T r = ErrorScale.SquaresRatio(e[c], a[c], b[c], absoluteTolerance, relativeTolerance);
            sum += r * r;
        }

        return sum;
    }

    /// <summary>
    /// The scaled error of a step in Boost.Odeint's maximum norm (<see cref="StepSizeControl.Odeint"/>): effectively
    /// computes max_c |error[c]| / (atol + rtol · (|y[c]| + |h| · |f[c]|)), the maximum taken from 0 over components
    /// 0, 1, … in order. NaN in any input gives NaN. The default goes through <see cref="CopyTo"/>; a built-in state
    /// overrides it field by field.
    /// </summary>
    /// <param name="error">The embedded error estimate h · Σ dⱼkⱼ.</param>
    /// <param name="y">The state at the start of the step.</param>
    /// <param name="f">The derivative at the start of the step (the first stage).</param>
    /// <param name="h">The step size.</param>
    /// <param name="absoluteTolerance">atol.</param>
    /// <param name="relativeTolerance">rtol.</param>
    /// <returns>The largest scaled component.</returns>
    static virtual T ScaledErrorMaximum(TSelf error, TSelf y, TSelf f, T h, T absoluteTolerance, T relativeTolerance)
    {
        Span<T> e = stackalloc T[TSelf.Size], a = stackalloc T[TSelf.Size], b = stackalloc T[TSelf.Size];
        error.CopyTo(e);
        y.CopyTo(a);
        f.CopyTo(b);
        T max = T.Zero, scale = T.Abs(h);
        for (int c = 0; c < e.Length; c++)
        {
            max = T.Max(max, ErrorScale.MaximumRatio(e[c], a[c], b[c], scale, absoluteTolerance, relativeTolerance));
        }

        return max;
    }

    /// <summary>Whether every component is finite (neither infinite nor NaN). The default goes through <see cref="CopyTo"/>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>True when all components are finite.</returns>
    static virtual bool IsFinite(TSelf state)
    {
        Span<T> v = stackalloc T[TSelf.Size];
        state.CopyTo(v);
        foreach (T x in v)
        {
            if (!T.IsFinite(x))
            {
                return false;
            }
        }

        return true;
    }
}
