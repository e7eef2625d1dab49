using System;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// Loss functions that return the loss and write its gradient, ready for <c>Ode.Gradient</c>: predictions and
/// <c>dLdY</c> share the save-major layout of <see cref="Solution{T}.States"/>,
/// <c>[(save · lanes + lane) · stateSize + component]</c>. Sums run in double; nothing is allocated.
/// </summary>
/// <remarks>Thread safety: pure functions that write only the gradient span they are given; safe to call concurrently
/// on distinct output buffers.</remarks>
public static partial class Losses
{
    private static void CheckSameLength<T>(ReadOnlySpan<T> predicted, ReadOnlySpan<T> target, Span<T> dLdY)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (predicted.Length == 0)
        {
            throw new ArgumentException("predicted must hold at least one value, but it is empty.", nameof(predicted));
        }

        TrainingArguments.Length(target, predicted.Length, nameof(target), "predicted.Length");
        TrainingArguments.Length<T>(dLdY, predicted.Length, nameof(dLdY), "predicted.Length");
        TrainingArguments.Finite(predicted, nameof(predicted));
        TrainingArguments.Finite(target, nameof(target));
    }
}
