using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels;

/// <summary>
/// One component of a step's scaled error, for the two error norms, written once for every state type
/// (<see cref="IStateVector{TSelf, T}"/>'s defaults and the built-in <c>State2</c>/<c>State3</c>/<c>State4</c>, which
/// unroll their components over it). The generated steps print the same formulas in their own emitters.
/// </summary>
internal static class ErrorScale
{
    /// <summary>
    /// e / (atol + rtol · max(|y|, |ynew|)): the component whose square the RMS norm sums
    /// (<see cref="IStateVector{TSelf, T}.ScaledErrorSquares"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SquaresRatio<T>(T error, T y, T yNew, T absoluteTolerance, T relativeTolerance)
        where T : IFloatingPointIeee754<T> =>
        error / (absoluteTolerance + (relativeTolerance * T.Max(T.Abs(y), T.Abs(yNew))));

    /// <summary>
    /// |e| / (atol + rtol · (|y| + |h| · |f|)), with <paramref name="scale"/> = |h|: the component Boost.Odeint's
    /// maximum norm takes the largest of (<see cref="IStateVector{TSelf, T}.ScaledErrorMaximum"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaximumRatio<T>(T error, T y, T f, T scale, T absoluteTolerance, T relativeTolerance)
        where T : IFloatingPointIeee754<T> =>
        T.Abs(error) / (absoluteTolerance + (relativeTolerance * (T.Abs(y) + (scale * T.Abs(f)))));
}
