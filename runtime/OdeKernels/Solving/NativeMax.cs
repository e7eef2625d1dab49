using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels.Solving;

/// <summary>
/// The processor's own maximum (one instruction: <c>maxsd</c> on x86-64), for values on the chain from one step's
/// error to the next step's size, where <see cref="System.Math.Max(double, double)"/>'s NaN and signed-zero rules cost
/// three dependent instructions with AVX-512 (range and two fixups). Callers pass values that are positive or NaN,
/// with a possible NaN as the second operand, which the native form returns: so the result is the one
/// <see cref="System.Math.Max(double, double)"/> gives. .NET 9 (the NativeAOT target) has no native form and takes
/// the IEEE one. (Where the larger operand is predictable, a branch does better: <see cref="StepController"/>.)
/// </summary>
internal static class NativeMax
{
    /// <summary>max(x, y); y when either is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Of<T>(T x, T y)
        where T : INumber<T>
#if NET10_0_OR_GREATER
        => T.MaxNative(x, y);
#else
        => T.Max(x, y);
#endif
}
