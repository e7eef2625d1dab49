using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels.Training;

/// <summary>Limits the size of a gradient before an optimizer step, so one bad batch cannot throw the parameters far.</summary>
/// <remarks>Thread safety: safe to call concurrently on distinct gradients; ClipByNorm scales its argument in
/// place.</remarks>
public static class GradientClipping
{
    /// <summary>
    /// Effectively computes <c>n = ‖g‖₂</c> and, where <c>n &gt; maxNorm</c>, scales <c>g *= maxNorm / n</c> so its
    /// norm becomes <paramref name="maxNorm"/> (up to rounding). The norm is accumulated in double, scaled by the
    /// largest magnitude so that neither float nor double inputs overflow or underflow. Allocates nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type of the gradient.</typeparam>
    /// <param name="gradient">The gradient, scaled in place when its norm exceeds <paramref name="maxNorm"/>.</param>
    /// <param name="maxNorm">The largest norm let through (finite, positive).</param>
    /// <returns>The norm before clipping.</returns>
    /// <exception cref="ArgumentException"><paramref name="maxNorm"/> is not positive, or the gradient holds a NaN or an infinity (its index and value are named).</exception>
    public static double ClipByNorm<T>(Span<T> gradient, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TrainingArguments.Positive(maxNorm, nameof(maxNorm));
        TrainingArguments.Finite<T>(gradient, nameof(gradient));
        double norm = Norm<T>(gradient);
        if (norm > maxNorm)
        {
            T scale = T.CreateChecked(maxNorm / norm);
            for (int i = 0; i < gradient.Length; i++)
            {
                gradient[i] *= scale;
            }
        }

        return norm;
    }

    /// <summary>
    /// Clips as <see cref="ClipByNorm{T}(Span{T}, double)"/>, for an array (so that T is inferred from it under C# 13
    /// too, where an array argument does not take part in inferring T of a span parameter).
    /// </summary>
    /// <typeparam name="T">The floating-point type of the gradient.</typeparam>
    /// <param name="gradient">The gradient, scaled in place when its norm exceeds <paramref name="maxNorm"/>.</param>
    /// <param name="maxNorm">The largest norm let through (finite, positive).</param>
    /// <returns>The norm before clipping.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gradient"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="maxNorm"/> is not positive, or the gradient holds a NaN or an infinity (its index and value are named).</exception>
    [OverloadResolutionPriority(-1)]
    public static double ClipByNorm<T>(T[] gradient, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradient);
        return ClipByNorm(new Span<T>(gradient), maxNorm);
    }

    /// <summary>Effectively computes ‖g‖₂ in double without overflow (a finite input is assumed).</summary>
    internal static double Norm<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0;
        for (int i = 0; i < values.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(double.CreateChecked(values[i])));
        }

        if (largest == 0)
        {
            return 0;
        }

        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double scaled = double.CreateChecked(values[i]) / largest;
            sum += scaled * scaled;
        }

        return largest * Math.Sqrt(sum);
    }
}
