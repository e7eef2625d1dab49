using System;
using System.Numerics;

namespace OdeKernels.Training;

public static partial class Losses
{
    /// <summary>
    /// Softmax cross-entropy, averaged over samples: with <c>s</c> samples of <paramref name="classes"/> logits each,
    /// effectively computes <c>L = (1/s) Σₖ [logsumexp(zₖ) − zₖ[labelₖ]]</c> and
    /// <c>dLdLogitsₖⱼ = (softmax(zₖ)ⱼ − [j = labelₖ]) / s</c>. The log-sum-exp subtracts each sample's largest logit
    /// first, so large logits neither overflow nor lose the loss.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The logits, sample after sample: <c>logits[sample · classes + class]</c> (finite).</param>
    /// <param name="labels">The class of each sample, in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes (at least 2).</param>
    /// <param name="dLdLogits">Receives dL/dlogits (same length as <paramref name="logits"/>; overwritten).</param>
    /// <returns>The mean loss L, in nats.</returns>
    /// <exception cref="ArgumentException">A length does not match, a label is out of range, or a logit is not finite; the message names the value.</exception>
    public static double CrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes, Span<T> dLdLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (classes < 2)
        {
            throw new ArgumentException($"classes must be at least 2, but it is {classes}.", nameof(classes));
        }

        if (labels.Length == 0)
        {
            throw new ArgumentException("labels must hold at least one sample, but it is empty.", nameof(labels));
        }

        if ((long)labels.Length * classes != logits.Length)
        {
            throw new ArgumentException($"logits must hold labels.Length × classes = {(long)labels.Length * classes} values, but its length is {logits.Length}.", nameof(logits));
        }

        TrainingArguments.Length<T>(dLdLogits, logits.Length, nameof(dLdLogits), "logits.Length");
        TrainingArguments.Finite(logits, nameof(logits));
        for (int k = 0; k < labels.Length; k++)
        {
            if ((uint)labels[k] >= (uint)classes)
            {
                throw new ArgumentException($"labels must lie in [0, {classes}), but labels[{k}] is {labels[k]}.", nameof(labels));
            }
        }

        double inverseSamples = 1.0 / labels.Length;
        double total = 0;
        for (int k = 0; k < labels.Length; k++)
        {
            ReadOnlySpan<T> z = logits.Slice(k * classes, classes);
            Span<T> dz = dLdLogits.Slice(k * classes, classes);
            double largest = double.NegativeInfinity;
            for (int j = 0; j < classes; j++)
            {
                largest = Math.Max(largest, double.CreateChecked(z[j]));
            }

            double sum = 0;
            for (int j = 0; j < classes; j++)
            {
                sum += Math.Exp(double.CreateChecked(z[j]) - largest);
            }

            double logSumExp = largest + Math.Log(sum);
            total += logSumExp - double.CreateChecked(z[labels[k]]);
            for (int j = 0; j < classes; j++)
            {
                double softmax = Math.Exp(double.CreateChecked(z[j]) - logSumExp);
                dz[j] = T.CreateChecked((softmax - (j == labels[k] ? 1 : 0)) * inverseSamples);
            }
        }

        return total * inverseSamples;
    }
}
