using System;
using System.Collections.Generic;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// A discrete, differentiable map x ↦ y with parameters θ, evaluated for many samples per call. Generated
/// <see cref="NetworkAttribute"/> networks implement it, as does <see cref="IdentityNetwork{T}"/>. Samples are laid
/// out one after another (<c>x[sample · Inputs + i]</c>), like the initial states of a solve.
/// </summary>
/// <typeparam name="T">The floating-point type of values and parameters.</typeparam>
/// <remarks>Thread safety: Forward and Vjp of an instance used by several threads at once must allow concurrent calls;
/// models and trainers use a network from one thread at a time and write its Parameters between calls.</remarks>
public interface INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of inputs of one sample.</summary>
    int Inputs { get; }

    /// <summary>The number of outputs of one sample.</summary>
    int Outputs { get; }

    /// <summary>The number of parameters θ.</summary>
    int ParameterCount { get; }

    /// <summary>The parameters θ (length <see cref="ParameterCount"/>), writable in place (e.g. by an optimiser).</summary>
    Span<T> Parameters { get; }

    /// <summary>
    /// The layers and where their parameters lie (for checkpoints: dense layer k is stored as <c>{k}.weight</c> and
    /// <c>{k}.bias</c>, a recurrent cell as <c>{k}.weight_ih</c>, <c>{k}.weight_hh</c>, <c>{k}.bias_ih</c> and
    /// <c>{k}.bias_hh</c>); empty for a network without layers.
    /// </summary>
    IReadOnlyList<DynamicsLayer> Layers { get; }

    /// <summary>Effectively computes <c>y[s] = f(x[s]; θ)</c> for every sample s in [0, <paramref name="count"/>).</summary>
    /// <param name="x">The inputs, <paramref name="count"/> × <see cref="Inputs"/> values, sample after sample.</param>
    /// <param name="y">Receives the outputs, <paramref name="count"/> × <see cref="Outputs"/> values (overwritten).</param>
    /// <param name="count">The number of samples (non-negative).</param>
    /// <exception cref="ArgumentException">A span is too short for <paramref name="count"/> samples.</exception>
    void Forward(ReadOnlySpan<T> x, Span<T> y, int count);

    /// <summary>
    /// Effectively computes, for every sample s, <c>dx[s] += a[s]ᵀ ∂f/∂x (x[s])</c>, and once for the batch
    /// <c>dtheta += Σₛ a[s]ᵀ ∂f/∂θ (x[s])</c>. It accumulates, so callers clear the outputs when they want the
    /// product alone; the order of the sum over samples is unspecified (equal to per-sample calls to rounding).
    /// </summary>
    /// <param name="x">The inputs, sample after sample.</param>
    /// <param name="a">The cotangents of the outputs, <paramref name="count"/> × <see cref="Outputs"/> values.</param>
    /// <param name="dx">Receives the input cotangents, added, laid out like <paramref name="x"/>; empty to skip them.</param>
    /// <param name="dtheta">Receives the parameter gradient summed over samples, added (length <see cref="ParameterCount"/>); empty to skip it.</param>
    /// <param name="count">The number of samples (non-negative).</param>
    /// <exception cref="ArgumentException">A span is too short for <paramref name="count"/> samples, or <paramref name="dtheta"/> is neither empty nor <see cref="ParameterCount"/> long.</exception>
    void Vjp(ReadOnlySpan<T> x, ReadOnlySpan<T> a, Span<T> dx, Span<T> dtheta, int count);
}
