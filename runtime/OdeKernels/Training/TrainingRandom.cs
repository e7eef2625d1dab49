using System;

namespace OdeKernels.Training;

/// <summary>
/// The random stream of a training run (minibatch sampling, noise): <see cref="SplitMix64"/> started at
/// <see cref="Seed"/>, with the number of 64-bit draws taken so far. SplitMix64's state after k draws is
/// <c>seed + k · 0x9E3779B97F4A7C15</c> (mod 2⁶⁴), so (<see cref="Seed"/>, <see cref="Draws"/>) is the whole state:
/// a checkpoint stores the pair and a resumed run draws exactly the numbers the interrupted one would have.
/// </summary>
/// <remarks>Thread safety: not thread-safe; every draw advances the stream; one instance per thread (or per
/// run).</remarks>
public sealed class TrainingRandom
{
    /// <summary>SplitMix64's increment (the 64-bit golden ratio), added to the state at every draw.</summary>
    private const ulong Increment = 0x9E3779B97F4A7C15UL;

    private SplitMix64 _generator;

    /// <summary>Starts the stream at <paramref name="seed"/> with no draws taken.</summary>
    /// <param name="seed">The seed.</param>
    public TrainingRandom(ulong seed)
        : this(seed, 0)
    {
    }

    /// <summary>Restores the stream of <paramref name="seed"/> after <paramref name="draws"/> draws.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="draws">The number of 64-bit draws already taken (non-negative).</param>
    /// <exception cref="ArgumentException"><paramref name="draws"/> is negative.</exception>
    public TrainingRandom(ulong seed, long draws)
    {
        if (draws < 0)
        {
            throw new ArgumentException($"draws must be non-negative, but it is {draws}.", nameof(draws));
        }

        Seed = seed;
        Draws = draws;
        _generator = new SplitMix64(unchecked(seed + ((ulong)draws * Increment)));
    }

    /// <summary>The seed the stream started from.</summary>
    public ulong Seed { get; }

    /// <summary>The number of 64-bit draws taken so far.</summary>
    public long Draws { get; private set; }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        Draws++;
        return _generator.NextUInt64();
    }

    /// <summary>A double uniform in [0, 1): the top 53 bits of one draw times 2⁻⁵³.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// An integer in [0, <paramref name="maxExclusive"/>) from one draw, effectively ⌊x · n / 2⁶⁴⌋ (Lemire's
    /// multiply-high; the bias is below n / 2⁶⁴, far below anything a training run can notice).
    /// </summary>
    /// <param name="maxExclusive">The number of possible values (positive).</param>
    /// <exception cref="ArgumentException"><paramref name="maxExclusive"/> is not positive.</exception>
    public int NextInt32(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentException($"maxExclusive must be positive, but it is {maxExclusive}.", nameof(maxExclusive));
        }

        return (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
    }

    /// <summary>A standard normal value from two draws (Box-Muller, the cosine branch only, so every value costs two draws).</summary>
    public double NextGaussian()
    {
        // 1 − u lies in (0, 1], so the logarithm is finite.
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
