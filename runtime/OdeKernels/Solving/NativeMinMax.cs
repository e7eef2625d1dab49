using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels.Solving;

/// <summary>
/// The processor's own minimum and maximum (one instruction: <c>maxsd</c>/<c>minsd</c> on x86-64), for values on the
/// chain from one step's error to the next step's size, where <see cref="System.Math.Max(double, double)"/>'s NaN and
/// signed-zero rules cost three dependent instructions with AVX-512 (range and two fixups). Callers pass values that
/// are positive or NaN, with a possible NaN as the second operand, which the native forms return: so the result is
/// the one <see cref="System.Math.Max(double, double)"/> gives. .NET 9 (the NativeAOT target) has no native forms and
/// takes the IEEE ones.
/// </summary>
internal static class NativeMinMax
{
    /// <summary>max(x, y); y when either is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max<T>(T x, T y)
        where T : INumber<T>
#if NET10_0_OR_GREATER
        => T.MaxNative(x, y);
#else
        => T.Max(x, y);
#endif

    /// <summary>min(x, y); y when either is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min<T>(T x, T y)
        where T : INumber<T>
#if NET10_0_OR_GREATER
        => T.MinNative(x, y);
#else
        => T.Min(x, y);
#endif
}
