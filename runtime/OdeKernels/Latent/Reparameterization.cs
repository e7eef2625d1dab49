using System;
using System.Numerics;
using OdeKernels.Training;

namespace OdeKernels.Latent;

/// <summary>
/// The reparameterisation trick of a variational autoencoder (Kingma and Welling, 2014, §2.4): the initial latent state
/// is drawn as z0 = μ + exp(½ log σ²) ⊙ ε with ε ~ N(0, I), so z0 is a differentiable function of the encoder's mean μ
/// and log-variance log σ² for a fixed ε. Per series the encoder's result is [μ (L values) ; log σ² (L values)], the
/// layout of <see cref="RecurrentEncoder{T}.Encode"/>; ε and z0 hold L values per series.
/// </summary>
/// <remarks>Thread safety: stateless; the methods are safe to call concurrently on distinct outputs (the random stream
/// passed to <see cref="Sample{T}"/> is not thread-safe).</remarks>
public static class Reparameterization
{
    /// <summary>
    /// Draws ε from <paramref name="random"/> and writes it and z0 = μ + exp(½ log σ²) ⊙ ε. The draws: series after
    /// series, component after component, one <see cref="TrainingRandom.NextGaussian"/> (two 64-bit draws) per latent
    /// component, so a batch of S series of L components advances the stream by exactly 2·S·L draws and a checkpoint
    /// of the stream reproduces the same ε on resume.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="meanAndLogVariance">Per series μ then log σ², 2·<paramref name="latentSize"/> values per series.</param>
    /// <param name="latentSize">L, the size of z0 (positive).</param>
    /// <param name="random">The run's random stream.</param>
    /// <param name="epsilon">Receives ε, L values per series (kept for <see cref="Vjp{T}"/>).</param>
    /// <param name="z0">Receives z0, L values per series.</param>
    /// <exception cref="ArgumentException">The sizes do not fit; the message names the span and its length.</exception>
    public static void Sample<T>(ReadOnlySpan<T> meanAndLogVariance, int latentSize, TrainingRandom random, Span<T> epsilon, Span<T> z0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        Check(meanAndLogVariance, latentSize, epsilon, nameof(epsilon));
        Draw(random, epsilon);
        Apply(meanAndLogVariance, latentSize, epsilon, z0);
    }

    /// <summary>Effectively computes z0 = μ + exp(½ log σ²) ⊙ ε for a given ε (deterministic; what <see cref="Sample{T}"/> does after its draws).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="meanAndLogVariance">Per series μ then log σ².</param>
    /// <param name="latentSize">L, the size of z0 (positive).</param>
    /// <param name="epsilon">ε, L values per series.</param>
    /// <param name="z0">Receives z0, L values per series.</param>
    /// <exception cref="ArgumentException">The sizes do not fit.</exception>
    public static void Apply<T>(ReadOnlySpan<T> meanAndLogVariance, int latentSize, ReadOnlySpan<T> epsilon, Span<T> z0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = Check(meanAndLogVariance, latentSize, epsilon, nameof(epsilon));
        CheckLength(z0.Length, count * latentSize, nameof(z0));
        T half = T.CreateChecked(0.5);
        for (int s = 0; s < count; s++)
        {
            ReadOnlySpan<T> mean = meanAndLogVariance.Slice(2 * s * latentSize, latentSize);
            ReadOnlySpan<T> logVariance = meanAndLogVariance.Slice(((2 * s) + 1) * latentSize, latentSize);
            for (int c = 0; c < latentSize; c++)
            {
                int k = (s * latentSize) + c;
                z0[k] = mean[c] + (T.Exp(half * logVariance[c]) * epsilon[k]);
            }
        }
    }

    /// <summary>
    /// The vector–Jacobian product of z0 = μ + exp(½ log σ²) ⊙ ε at a fixed ε: adds dμ = dz0 and
    /// dlog σ² = dz0 ⊙ ε ⊙ ½ exp(½ log σ²) into <paramref name="dMeanAndLogVariance"/> (laid out like the encoder's
    /// result, so it is the cotangent <see cref="ISeriesEncoder{T}.Backward"/> takes).
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="meanAndLogVariance">Per series μ then log σ² (as sampled).</param>
    /// <param name="latentSize">L (positive).</param>
    /// <param name="epsilon">The ε of the sample.</param>
    /// <param name="dz0">The cotangent of z0, L values per series.</param>
    /// <param name="dMeanAndLogVariance">Receives the cotangents of μ and log σ², added.</param>
    /// <exception cref="ArgumentException">The sizes do not fit.</exception>
    public static void Vjp<T>(ReadOnlySpan<T> meanAndLogVariance, int latentSize, ReadOnlySpan<T> epsilon, ReadOnlySpan<T> dz0, Span<T> dMeanAndLogVariance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = Check(meanAndLogVariance, latentSize, epsilon, nameof(epsilon));
        CheckLength(dz0.Length, count * latentSize, nameof(dz0));
        CheckLength(dMeanAndLogVariance.Length, meanAndLogVariance.Length, nameof(dMeanAndLogVariance));
        T half = T.CreateChecked(0.5);
        for (int s = 0; s < count; s++)
        {
            int meanAt = 2 * s * latentSize, logVarianceAt = meanAt + latentSize;
            for (int c = 0; c < latentSize; c++)
            {
                int k = (s * latentSize) + c;
                T sigma = T.Exp(half * meanAndLogVariance[logVarianceAt + c]);
                dMeanAndLogVariance[meanAt + c] += dz0[k];
                dMeanAndLogVariance[logVarianceAt + c] += dz0[k] * epsilon[k] * half * sigma;
            }
        }
    }

    /// <summary>Fills ε with standard normal values, one <see cref="TrainingRandom.NextGaussian"/> per value, in order.</summary>
    internal static void Draw<T>(TrainingRandom random, Span<T> epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < epsilon.Length; k++)
        {
            epsilon[k] = T.CreateChecked(random.NextGaussian());
        }
    }

    /// <summary>Checks L and the lengths; returns the number of series.</summary>
    internal static int Check<T>(ReadOnlySpan<T> meanAndLogVariance, int latentSize, ReadOnlySpan<T> perComponent, string name)
    {
        if (latentSize <= 0)
        {
            throw new ArgumentException($"latentSize must be positive, but it is {latentSize}.", nameof(latentSize));
        }

        if (meanAndLogVariance.Length % (2 * latentSize) != 0)
        {
            throw new ArgumentException($"meanAndLogVariance must hold 2 × latentSize = {2 * latentSize} values per series, but its length is {meanAndLogVariance.Length}.", nameof(meanAndLogVariance));
        }

        int count = meanAndLogVariance.Length / (2 * latentSize);
        if (name.Length > 0)
        {
            CheckLength(perComponent.Length, count * latentSize, name);
        }

        return count;
    }

    internal static void CheckLength(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} must hold {expected} values, but its length is {length}.", name);
        }
    }
}
