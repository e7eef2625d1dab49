using System;
using System.Numerics;

namespace OdeKernels.Models;

/// <summary>
/// A loss over a chosen subset of a data set's samples, given the network's outputs for those samples: what
/// <see cref="NetworkTraining"/> minimises batch by batch. Implementations hold the targets of the whole data set.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: implementations may keep scratch between calls (the built-in ones do), so an instance is for
/// one thread at a time.</remarks>
public abstract class SampleLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The mean loss over <paramref name="samples"/> and its gradient with respect to the outputs.</summary>
    /// <param name="outputs">The outputs of the samples, in the order of <paramref name="samples"/>, sample after sample.</param>
    /// <param name="samples">The indices of the samples in the data set.</param>
    /// <param name="dLdOutputs">Receives dL/doutputs, laid out like <paramref name="outputs"/> (overwritten).</param>
    /// <returns>The mean loss.</returns>
    public abstract double Evaluate(ReadOnlySpan<T> outputs, ReadOnlySpan<int> samples, Span<T> dLdOutputs);
}

/// <summary>Softmax cross-entropy against class labels (<see cref="Training.Losses.CrossEntropy{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, int, Span{T})"/>), averaged over samples.</summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: not thread-safe; Evaluate reuses a scratch array; one instance per thread.</remarks>
public sealed class CrossEntropySampleLoss<T> : SampleLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _labels;
    private int[] _batch = [];

    /// <summary>Creates the loss.</summary>
    /// <param name="labels">The class of every sample of the data set, in [0, <paramref name="classes"/>) (copied).</param>
    /// <param name="classes">The number of classes: the network's outputs (at least 2).</param>
    public CrossEntropySampleLoss(ReadOnlySpan<int> labels, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        _labels = labels.ToArray();
        Classes = classes;
    }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<T> outputs, ReadOnlySpan<int> samples, Span<T> dLdOutputs)
    {
        if (_batch.Length < samples.Length)
        {
            _batch = new int[samples.Length];
        }

        for (int i = 0; i < samples.Length; i++)
        {
            _batch[i] = _labels[samples[i]];
        }

        return Training.Losses.CrossEntropy(outputs[..(samples.Length * Classes)], _batch.AsSpan(0, samples.Length), Classes, dLdOutputs[..(samples.Length * Classes)]);
    }
}

/// <summary>Mean squared error against target vectors, averaged over samples and components (<see cref="Training.Losses.MeanSquaredError{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>).</summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: not thread-safe; Evaluate reuses a scratch array; one instance per thread.</remarks>
public sealed class SquaredErrorSampleLoss<T> : SampleLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _targets;
    private T[] _batch = [];

    /// <summary>Creates the loss.</summary>
    /// <param name="targets">The targets of every sample, <paramref name="width"/> values each, sample after sample (copied).</param>
    /// <param name="width">The number of outputs of one sample (positive).</param>
    public SquaredErrorSampleLoss(ReadOnlySpan<T> targets, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (targets.Length % width != 0)
        {
            throw new ArgumentException($"targets has {targets.Length} values, not a multiple of the width {width}.", nameof(targets));
        }

        _targets = targets.ToArray();
        Width = width;
    }

    /// <summary>The number of outputs of one sample.</summary>
    public int Width { get; }

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<T> outputs, ReadOnlySpan<int> samples, Span<T> dLdOutputs)
    {
        int n = samples.Length * Width;
        if (_batch.Length < n)
        {
            _batch = new T[n];
        }

        for (int i = 0; i < samples.Length; i++)
        {
            _targets.AsSpan(samples[i] * Width, Width).CopyTo(_batch.AsSpan(i * Width));
        }

        return Training.Losses.MeanSquaredError(outputs[..n], _batch.AsSpan(0, n), dLdOutputs[..n]);
    }
}
