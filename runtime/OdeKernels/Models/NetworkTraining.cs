using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using OdeKernels.Training;

namespace OdeKernels.Models;

/// <summary>Settings of <see cref="NetworkTraining.Fit{T}"/>.</summary>
/// <remarks>Thread safety: immutable (init-only); safe to share.</remarks>
public sealed record NetworkFitOptions
{
    /// <summary>Samples per optimizer step (default 32; the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The most epochs (passes over the data set) to run (default 100).</summary>
    public int MaxEpochs { get; init; } = 100;

    /// <summary>Stop after the first epoch whose loss over the whole data set is below this; null (the default) for no target.</summary>
    public double? LossTarget { get; init; }

    /// <summary>The learning rate of each step; null (the default) for a constant 1e-3.</summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>The seed of the shuffling stream (default 0).</summary>
    public ulong Seed { get; init; }
}

/// <summary>How <see cref="NetworkTraining.Fit{T}"/> ended.</summary>
/// <param name="Epochs">The epochs run.</param>
/// <param name="Steps">The optimizer steps taken.</param>
/// <param name="Loss">The loss over the whole data set after the last epoch.</param>
/// <param name="ReachedTarget">Whether it stopped at <see cref="NetworkFitOptions.LossTarget"/>.</param>
/// <remarks>Thread safety: an immutable value; safe to share.</remarks>
public readonly record struct NetworkFitResult(int Epochs, long Steps, double Loss, bool ReachedTarget);

/// <summary>Minibatch training of any <see cref="INetwork{T}"/>, a generated network or an <see cref="OdeModel{TStem, TDynamics, TTableau, THead, T}"/>.</summary>
/// <remarks>Thread safety: safe to call concurrently with distinct networks, losses and optimizers; Fit changes the
/// ones it is given, which no other thread may use meanwhile.</remarks>
public static class NetworkTraining
{
    /// <summary>
    /// Trains <paramref name="network"/> in place: each epoch shuffles the samples (Fisher-Yates from a
    /// <see cref="TrainingRandom"/>), and for each batch runs the forward pass, the loss, the VJP and one optimizer step;
    /// after the epoch it scores the whole data set. For a generated network nothing is allocated after the first
    /// epoch. Deterministic for a seed. This is the <see cref="Trainer{T}"/> loop over a <see cref="SampleFit{T}"/>
    /// without checkpoints, metrics or observer; build those two directly for them.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="network">The network or model to train.</param>
    /// <param name="inputs">The inputs of the data set, sample after sample.</param>
    /// <param name="count">The number of samples (positive).</param>
    /// <param name="loss">The loss with the data set's targets.</param>
    /// <param name="optimizer">The optimizer, created for the network's parameter count.</param>
    /// <param name="options">Batch size, epochs, target, schedule, seed; null for the defaults.</param>
    /// <param name="onEpoch">Called after every epoch with its number (1-based) and loss; returning false stops training. May change the network (for example a model's solver).</param>
    /// <returns>How training ended.</returns>
    /// <exception cref="ArgumentException">A size does not match, or an option is out of range.</exception>
    public static NetworkFitResult Fit<T>(
        INetwork<T> network, ReadOnlySpan<T> inputs, int count, SampleLoss<T> loss, IOptimizer<T> optimizer,
        NetworkFitOptions? options = null, Func<int, double, bool>? onEpoch = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new NetworkFitOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxEpochs);
        var fit = new SampleFit<T>(network, inputs, count, loss, options.BatchSize, options.LossTarget, onEpoch);
        var trainer = new Trainer<T>(fit, optimizer, options.Schedule ?? new ConstantSchedule(1e-3), new TrainerOptions { Seed = options.Seed });
        TrainingResult result = trainer.Run((long)options.MaxEpochs * fit.BatchesPerEpoch);
        return new NetworkFitResult(fit.Epoch, result.Iterations, fit.EpochLoss, result.Reason == TrainingStopReason.LossTarget);
    }

    /// <summary>
    /// The fraction of samples whose largest output is at their label, as
    /// <see cref="Accuracy{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, int)"/>, for an array of outputs (so that T is
    /// inferred from it under C# 13 too).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="outputs">The outputs, <paramref name="classes"/> per sample, sample after sample.</param>
    /// <param name="labels">The class of each sample.</param>
    /// <param name="classes">The number of classes.</param>
    /// <returns>The accuracy in [0, 1].</returns>
    /// <exception cref="ArgumentNullException"><paramref name="outputs"/> is null.</exception>
    [OverloadResolutionPriority(-1)]
    public static double Accuracy<T>(T[] outputs, ReadOnlySpan<int> labels, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return Accuracy(new ReadOnlySpan<T>(outputs), labels, classes);
    }

    /// <summary>The fraction of samples whose largest output is at their label (ties go to the lower class).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="outputs">The outputs (logits or scores), <paramref name="classes"/> per sample, sample after sample.</param>
    /// <param name="labels">The class of each sample.</param>
    /// <param name="classes">The number of classes.</param>
    /// <returns>The accuracy in [0, 1].</returns>
    public static double Accuracy<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<int> labels, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (outputs.Length != (long)labels.Length * classes)
        {
            throw new ArgumentException($"outputs has {outputs.Length} values, but {labels.Length} samples of {classes} need {(long)labels.Length * classes}.", nameof(outputs));
        }

        int correct = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            ReadOnlySpan<T> z = outputs.Slice(s * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (z[c] > z[best])
                {
                    best = c;
                }
            }

            correct += best == labels[s] ? 1 : 0;
        }

        return labels.Length == 0 ? 0 : (double)correct / labels.Length;
    }
}
