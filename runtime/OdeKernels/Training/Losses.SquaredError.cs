using System;
using System.Numerics;

namespace OdeKernels.Training;

public static partial class Losses
{
    /// <summary>
    /// Effectively computes <c>L = Σᵢ (predictedᵢ − targetᵢ)²</c> and <c>dLdYᵢ = 2 (predictedᵢ − targetᵢ)</c>.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="predicted">The predictions, for example <see cref="Solution{T}.States"/> (finite, non-empty).</param>
    /// <param name="target">The targets, laid out like <paramref name="predicted"/> (finite).</param>
    /// <param name="dLdY">Receives dL/dpredicted (same length; overwritten).</param>
    /// <returns>The loss L.</returns>
    /// <exception cref="ArgumentException">A length differs or a value is not finite; the message names the span and the index.</exception>
    public static double SumSquaredError<T>(ReadOnlySpan<T> predicted, ReadOnlySpan<T> target, Span<T> dLdY)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameLength(predicted, target, dLdY);
        return SquaredError(predicted, target, dLdY, 1.0);
    }

    /// <summary>
    /// Effectively computes <c>L = (1/n) Σᵢ (predictedᵢ − targetᵢ)²</c> over the n values and
    /// <c>dLdYᵢ = (2/n) (predictedᵢ − targetᵢ)</c>.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="predicted">The predictions, for example <see cref="Solution{T}.States"/> (finite, non-empty).</param>
    /// <param name="target">The targets, laid out like <paramref name="predicted"/> (finite).</param>
    /// <param name="dLdY">Receives dL/dpredicted (same length; overwritten).</param>
    /// <returns>The loss L.</returns>
    /// <exception cref="ArgumentException">A length differs or a value is not finite; the message names the span and the index.</exception>
    public static double MeanSquaredError<T>(ReadOnlySpan<T> predicted, ReadOnlySpan<T> target, Span<T> dLdY)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameLength(predicted, target, dLdY);
        return SquaredError(predicted, target, dLdY, 1.0 / predicted.Length);
    }

    private static double SquaredError<T>(ReadOnlySpan<T> predicted, ReadOnlySpan<T> target, Span<T> dLdY, double weight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double difference = double.CreateChecked(predicted[i]) - double.CreateChecked(target[i]);
            sum += difference * difference;
            dLdY[i] = T.CreateChecked(2 * weight * difference);
        }

        return weight * sum;
    }
}
