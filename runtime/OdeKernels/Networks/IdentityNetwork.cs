using System;
using System.Collections.Generic;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// The identity map on <see cref="INetwork{T}.Inputs"/> values, with no parameters: the stem or head of a model that
/// has none (for example an ODE block acting on the raw input, as in Dupont et al., 2019).
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: immutable and stateless; safe to call from any number of threads.</remarks>
public sealed class IdentityNetwork<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the identity on <paramref name="width"/> values.</summary>
    /// <param name="width">The number of inputs and outputs (positive).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not positive.</exception>
    public IdentityNetwork(int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Inputs = width;
    }

    /// <inheritdoc/>
    public int Inputs { get; }

    /// <inheritdoc/>
    public int Outputs => Inputs;

    /// <inheritdoc/>
    public int ParameterCount => 0;

    /// <inheritdoc/>
    public Span<T> Parameters => Span<T>.Empty;

    /// <inheritdoc/>
    public IReadOnlyList<DynamicsLayer> Layers => Array.Empty<DynamicsLayer>();

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> x, Span<T> y, int count)
    {
        int n = Length(count, x.Length, nameof(x));
        _ = Length(count, y.Length, nameof(y));
        x[..n].CopyTo(y);
    }

    /// <inheritdoc/>
    public void Vjp(ReadOnlySpan<T> x, ReadOnlySpan<T> a, Span<T> dx, Span<T> dtheta, int count)
    {
        _ = Length(count, x.Length, nameof(x));
        int n = Length(count, a.Length, nameof(a));
        if (!dtheta.IsEmpty)
        {
            throw new ArgumentException($"dtheta has length {dtheta.Length}; it must be empty, as the identity has no parameters.", nameof(dtheta));
        }

        if (dx.IsEmpty)
        {
            return;
        }

        _ = Length(count, dx.Length, nameof(dx));
        for (int i = 0; i < n; i++)
        {
            dx[i] += a[i];
        }
    }

    private int Length(int count, int length, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long needed = (long)count * Inputs;
        if (length < needed)
        {
            throw new ArgumentException($"{name} has {length} values, but {count} samples of {Inputs} need {needed}.", name);
        }

        return (int)needed;
    }
}
