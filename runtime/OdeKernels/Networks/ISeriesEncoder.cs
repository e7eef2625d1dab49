using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// A recognition network of a latent ODE: it maps each series of a ragged batch of irregularly sampled observations to
/// the mean and log-variance of its initial latent state z0, and backpropagates a cotangent of that result into its
/// parameters and, on request, into the observed values and times. <see cref="RecurrentEncoder{T}"/> (Chen et al.,
/// 2018) and <see cref="OdeRnnEncoder{TDynamics, TTableau, T}"/> (Rubanova et al., 2019) implement it, so
/// <see cref="Latent.LatentOdeObjective{TDynamics, TTableau, T}"/> takes either.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>
/// <para>
/// Series come in the ragged layout: row r of series i at <c>offsets[i] + r</c>, with <c>offsets</c> one longer than
/// the series, <see cref="ObservationWidth"/> values per row, times strictly increasing within a series.
/// </para>
/// <para>Thread safety: an encoder keeps the tape of its last <see cref="Encode"/> for <see cref="Backward"/>; use an
/// instance from one thread at a time.</para>
/// </remarks>
public interface ISeriesEncoder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The values observed per row, D.</summary>
    int ObservationWidth { get; }

    /// <summary>The size of the latent state z0.</summary>
    int LatentSize { get; }

    /// <summary>The recurrent cell, applied at every observation.</summary>
    INetwork<T> Cell { get; }

    /// <summary>The output network: the final hidden state to [mean ; log-variance] of z0.</summary>
    INetwork<T> Output { get; }

    /// <summary>The parameters of the hidden state's dynamics between observations; empty for an encoder without them.</summary>
    Span<T> DynamicsParameters { get; }

    /// <summary>
    /// Encodes every series: <paramref name="result"/> receives per series the mean of z0 (<see cref="LatentSize"/>
    /// values), then its log-variance. Keeps the tape for <see cref="Backward"/>.
    /// </summary>
    /// <param name="offsets">Where each series' rows start, one more value than there are series, from 0, never decreasing.</param>
    /// <param name="times">The time of each row; strictly increasing within a series.</param>
    /// <param name="values">The observations, <see cref="ObservationWidth"/> per row.</param>
    /// <param name="result">Receives 2·<see cref="LatentSize"/> values per series.</param>
    /// <exception cref="ArgumentException">The layout is malformed or a span is too short; the message names it.</exception>
    void Encode(ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, ReadOnlySpan<T> values, Span<T> result);

    /// <summary>
    /// Backpropagates the cotangent of the last <see cref="Encode"/>'s result, adding the gradients that
    /// <paramref name="gradients"/> asks for (its non-empty spans) into them.
    /// </summary>
    /// <param name="cotangent">The cotangent of the result, laid out like it.</param>
    /// <param name="gradients">Where the gradients go, each added; an empty span skips that gradient.</param>
    /// <exception cref="InvalidOperationException">No <see cref="Encode"/> came first.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names it.</exception>
    void Backward(ReadOnlySpan<T> cotangent, SeriesEncoderGradients<T> gradients);
}
