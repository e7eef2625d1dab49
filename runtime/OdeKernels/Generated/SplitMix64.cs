using System;
using System.ComponentModel;
using System.Numerics;

namespace OdeKernels.Generated;

/// <summary>
/// The SplitMix64 generator (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
/// the constants of Vigna's reference <c>splitmix64.c</c>). Its sequence is part of OdeKernels' contract: a network
/// built from a seed has the same parameters on every platform and in every version, which
/// <see cref="System.Random"/> does not promise.
/// Infrastructure for generated code; not for direct use.
/// </summary>
/// <remarks>
/// Each draw adds the golden-ratio increment 0x9E3779B97F4A7C15 to a 64-bit state and returns a mix of it. Dynamics
/// networks start from <c>unchecked((ulong)(long)seed)</c> and fill their parameters in layout order with
/// <see cref="FillUniform{T}"/>, one draw per parameter.
/// <para>Thread safety: a mutable value: each draw advances it, so give every thread its own copy.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SplitMix64
{
    private ulong _state;

    /// <summary>Starts the sequence at <paramref name="seed"/>.</summary>
    /// <param name="seed">The initial 64-bit state.</param>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double uniform in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2⁻⁵³.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Fills <paramref name="destination"/> in order with values uniform in [−<paramref name="bound"/>,
    /// <paramref name="bound"/>): each is <c>bound · (2u − 1)</c> for u = <see cref="NextDouble"/>, computed in double
    /// and rounded to <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="destination">The values to fill.</param>
    /// <param name="bound">The half-width of the interval (PyTorch's <c>nn.Linear</c> uses 1/√fan_in).</param>
    public void FillUniform<T>(Span<T> destination, double bound) where T : INumberBase<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = T.CreateTruncating(bound * ((2.0 * NextDouble()) - 1.0));
        }
    }
}
