using System;
using System.Collections.Generic;
using OdeKernels.Training;

namespace OdeKernels.Examples.Datasets;

/// <summary>
/// Event sequences on [0, <see cref="End"/>]: sequence i's events are <c>Times[Offsets[i] .. Offsets[i + 1])</c> and its
/// latent trajectory starts at <c>Z0[2i .. 2i + 2)</c> (phase <c>Phases[i]</c>).
/// </summary>
/// <param name="Offsets">Sequences + 1 values.</param>
/// <param name="Times">The event times, strictly increasing within a sequence.</param>
/// <param name="Z0">The true latent start of every sequence, (cos φ, sin φ).</param>
/// <param name="Phases">Every sequence's phase φ.</param>
/// <param name="End">The window's end T (every sequence's).</param>
/// <remarks>Thread safety: immutable by convention (the arrays are not copied); safe to read from any number of threads.</remarks>
public sealed record EventSequences(int[] Offsets, double[] Times, double[] Z0, double[] Phases, double End)
{
    /// <summary>The number of sequences.</summary>
    public int Count => Offsets.Length - 1;

    /// <summary>The events of sequence <paramref name="sequence"/>.</summary>
    /// <param name="sequence">The sequence.</param>
    /// <returns>Its event times.</returns>
    public ReadOnlySpan<double> Events(int sequence) => Times.AsSpan(Offsets[sequence], Offsets[sequence + 1] - Offsets[sequence]);

    /// <summary>The sequences <paramref name="sequences"/> lists, in that order.</summary>
    /// <param name="sequences">Indices of sequences.</param>
    /// <returns>A new set of those sequences.</returns>
    public EventSequences Select(ReadOnlySpan<int> sequences)
    {
        var offsets = new int[sequences.Length + 1];
        var times = new List<double>();
        var z0 = new double[2 * sequences.Length];
        var phases = new double[sequences.Length];
        for (int j = 0; j < sequences.Length; j++)
        {
            int i = sequences[j];
            times.AddRange(Events(i).ToArray());
            offsets[j + 1] = times.Count;
            z0[2 * j] = Z0[2 * i];
            z0[(2 * j) + 1] = Z0[(2 * i) + 1];
            phases[j] = Phases[i];
        }

        return new EventSequences(offsets, [.. times], z0, phases, End);
    }
}

/// <summary>
/// An inhomogeneous Poisson process driven by a known latent trajectory, the synthetic data of the latent ODE example's
/// Poisson variant (Chen et al., 2018, §5, model the times of observations this way): the latent state turns on the
/// unit circle, z(t) = (cos(ωt + φ), sin(ωt + φ)), and the rate is λ(t) = c + d·z₁(t), so the true log-likelihood of
/// events t₁ … t_k on [0, T] has the closed form Σᵢ log λ(tᵢ) − [cT + (d/ω)(sin(ωT + φ) − sin φ)].
/// </summary>
/// <param name="Base">c, the mean rate (positive).</param>
/// <param name="Amplitude">d, with 0 ≤ d &lt; c so the rate stays positive.</param>
/// <param name="Frequency">ω, the latent state's angular speed (positive).</param>
/// <remarks>Thread safety: an immutable record; safe to use from any number of threads.</remarks>
public sealed record RateDrivenEvents(double Base = 3.0, double Amplitude = 2.5, double Frequency = 1.0)
{
    /// <summary>The true rate at time <paramref name="t"/> of a sequence of phase <paramref name="phase"/>.</summary>
    /// <param name="t">The time.</param>
    /// <param name="phase">φ.</param>
    /// <returns>λ(t).</returns>
    public double Rate(double t, double phase) => Base + (Amplitude * Math.Cos((Frequency * t) + phase));

    /// <summary>∫₀ᵀ λ(t) dt in closed form.</summary>
    /// <param name="end">T.</param>
    /// <param name="phase">φ.</param>
    /// <returns>The integrated rate.</returns>
    public double Integral(double end, double phase) =>
        (Base * end) + (Amplitude / Frequency * (Math.Sin((Frequency * end) + phase) - Math.Sin(phase)));

    /// <summary>The true log-likelihood of <paramref name="events"/> (one sequence) on [0, <paramref name="end"/>].</summary>
    /// <param name="events">The event times.</param>
    /// <param name="end">T.</param>
    /// <param name="phase">φ.</param>
    /// <returns>Σ log λ(tᵢ) − ∫₀ᵀ λ dt.</returns>
    public double LogLikelihood(ReadOnlySpan<double> events, double end, double phase)
    {
        double total = -Integral(end, phase);
        foreach (double t in events)
        {
            total += Math.Log(Rate(t, phase));
        }

        return total;
    }

    /// <summary>
    /// Draws <paramref name="count"/> sequences on [0, <paramref name="end"/>], each with a uniform phase, by thinning
    /// (Lewis and Shedler, 1979): candidates of a homogeneous process of rate c + d, each kept with probability
    /// λ(t) / (c + d).
    /// </summary>
    /// <param name="count">The number of sequences (positive).</param>
    /// <param name="end">T (positive).</param>
    /// <param name="seed">The seed of the stream.</param>
    /// <returns>The sequences.</returns>
    /// <exception cref="ArgumentException">The rate's parameters or the sizes are out of range.</exception>
    public EventSequences Sample(int count, double end, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(end > 0) || !double.IsFinite(end))
        {
            throw new ArgumentException($"end must be positive and finite, but it is {end}.", nameof(end));
        }

        if (!(Base > 0 && Amplitude >= 0 && Amplitude < Base && Frequency > 0))
        {
            throw new ArgumentException($"Need c > d ≥ 0 and ω > 0, but c = {Base}, d = {Amplitude}, ω = {Frequency}.", nameof(Base));
        }

        var random = new TrainingRandom(seed);
        double bound = Base + Amplitude;
        var offsets = new int[count + 1];
        var times = new List<double>();
        var z0 = new double[2 * count];
        var phases = new double[count];
        for (int i = 0; i < count; i++)
        {
            double phase = 2 * Math.PI * random.NextDouble();
            phases[i] = phase;
            z0[2 * i] = Math.Cos(phase);
            z0[(2 * i) + 1] = Math.Sin(phase);
            double t = 0;
            while (true)
            {
                t -= Math.Log(1 - random.NextDouble()) / bound;
                if (t >= end)
                {
                    break;
                }

                if (random.NextDouble() * bound < Rate(t, phase))
                {
                    times.Add(t);
                }
            }

            offsets[i + 1] = times.Count;
        }

        return new EventSequences(offsets, [.. times], z0, phases, end);
    }
}
