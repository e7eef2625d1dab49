using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace OdeKernels.Generated;

/// <summary>
/// The fused multiply-adds of a contracted right-hand side (<see cref="IContractedSmallOdeSystem{T, TState}"/>):
/// a·b + c with one rounding. Two orders of the arguments, so that the generated call evaluates its operands in the
/// order the source wrote them (C# evaluates left to right; a contraction must not reorder calls with side effects).
/// Overloads for <see cref="double"/> and <see cref="float"/>: the source expression's type picks one.
/// Infrastructure for generated code; not for direct use.
/// </summary>
/// <remarks>Thread safety: pure functions of their arguments; safe from any thread.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Contraction
{
    /// <summary>a·b + c rounded once, for a source a·b + c (operands evaluated a, b, c).</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <param name="c">The addend.</param>
    /// <returns>The fused multiply-add.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    /// <inheritdoc cref="MultiplyAdd(double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    /// <summary>c + a·b rounded once, for a source c + a·b (operands evaluated c, a, b).</summary>
    /// <param name="c">The addend.</param>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <returns>The fused multiply-add.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double AddProduct(double c, double a, double b) => Math.FusedMultiplyAdd(a, b, c);

    /// <inheritdoc cref="AddProduct(double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float AddProduct(float c, float a, float b) => MathF.FusedMultiplyAdd(a, b, c);
}
