using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels.Training;

// Array overloads, so that T is inferred from arrays under C# 13 too (before C# 14 an array argument does not take
// part in inferring T of a span parameter); each forwards to its span form. See Ode.Arrays.cs.
public static partial class Losses
{
    /// <summary>
    /// Effectively computes <c>L = Σᵢ (predictedᵢ − targetᵢ)²</c> and <c>dLdYᵢ = 2 (predictedᵢ − targetᵢ)</c>, as
    /// <see cref="SumSquaredError{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>, for arrays.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="predicted">The predictions (finite, non-empty).</param>
    /// <param name="target">The targets, laid out like <paramref name="predicted"/> (finite).</param>
    /// <param name="dLdY">Receives dL/dpredicted (same length; overwritten).</param>
    /// <returns>The loss L.</returns>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">A length differs or a value is not finite; the message names the array and the index.</exception>
    [OverloadResolutionPriority(-1)]
    public static double SumSquaredError<T>(T[] predicted, T[] target, T[] dLdY)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(dLdY);
        return SumSquaredError(new ReadOnlySpan<T>(predicted), new ReadOnlySpan<T>(target), new Span<T>(dLdY));
    }

    /// <summary>
    /// Effectively computes <c>L = (1/n) Σᵢ (predictedᵢ − targetᵢ)²</c> and <c>dLdYᵢ = (2/n) (predictedᵢ − targetᵢ)</c>, as
    /// <see cref="MeanSquaredError{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>, for arrays.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="predicted">The predictions (finite, non-empty).</param>
    /// <param name="target">The targets, laid out like <paramref name="predicted"/> (finite).</param>
    /// <param name="dLdY">Receives dL/dpredicted (same length; overwritten).</param>
    /// <returns>The loss L.</returns>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">A length differs or a value is not finite; the message names the array and the index.</exception>
    [OverloadResolutionPriority(-1)]
    public static double MeanSquaredError<T>(T[] predicted, T[] target, T[] dLdY)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(dLdY);
        return MeanSquaredError(new ReadOnlySpan<T>(predicted), new ReadOnlySpan<T>(target), new Span<T>(dLdY));
    }

    /// <summary>
    /// Softmax cross-entropy averaged over samples, as
    /// <see cref="CrossEntropy{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, int, Span{T})"/>, for arrays.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The logits, sample after sample (finite).</param>
    /// <param name="labels">The class of each sample, in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes (at least 2).</param>
    /// <param name="dLdLogits">Receives dL/dlogits (same length as <paramref name="logits"/>; overwritten).</param>
    /// <returns>The mean loss L, in nats.</returns>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">A length does not match, a label is out of range, or a logit is not finite; the message names the value.</exception>
    [OverloadResolutionPriority(-1)]
    public static double CrossEntropy<T>(T[] logits, ReadOnlySpan<int> labels, int classes, T[] dLdLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(dLdLogits);
        return CrossEntropy(new ReadOnlySpan<T>(logits), labels, classes, new Span<T>(dLdLogits));
    }
}
