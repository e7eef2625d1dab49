using System;

namespace OdeKernels.Datasets;

/// <summary>The labels of an IDX file of type 0x08 with one dimension (magic number 0x00000801), each checked to be below the number of classes.</summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class IdxLabels
{
    private readonly byte[] _labels;

    internal IdxLabels(IdxSource source, int classes, byte[] labels)
    {
        Source = source;
        Classes = classes;
        _labels = labels;
    }

    /// <summary>The file and its digests.</summary>
    public IdxSource Source { get; }

    /// <summary>The number of labels.</summary>
    public int Count => _labels.Length;

    /// <summary>The number of classes the labels were checked against: every label is in [0, Classes).</summary>
    public int Classes { get; }

    /// <summary>The labels, in file order.</summary>
    public ReadOnlySpan<byte> Values => _labels;

    /// <summary>The labels as integers (what <see cref="Models.CrossEntropySampleLoss{T}"/> takes).</summary>
    /// <returns>A new array, one label a sample.</returns>
    public int[] ToInt32()
    {
        var labels = new int[_labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = _labels[i];
        }

        return labels;
    }
}
