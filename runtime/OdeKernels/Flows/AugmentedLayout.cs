using System;
using System.Numerics;
using OdeKernels.Training;

namespace OdeKernels.Flows;

/// <summary>
/// Where the components of an augmented state lie: z first (so the dynamics read the augmented state in place), then
/// Δlog p, ∫‖f‖², ∫‖∂f/∂z‖²_F for the terms that are carried, then the d components of the probe ε for
/// <see cref="TraceEstimator.Hutchinson"/>. An absent term has index −1.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class AugmentedLayout
{
    /// <summary>Lays out <paramref name="terms"/> over a state of <paramref name="stateSize"/> components.</summary>
    /// <param name="stateSize">d, the size of z (positive).</param>
    /// <param name="terms">The carried terms.</param>
    /// <exception cref="ArgumentException"><paramref name="stateSize"/> is not positive, or an enum in <paramref name="terms"/> is out of range.</exception>
    public AugmentedLayout(int stateSize, AugmentedTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (stateSize <= 0)
        {
            throw new ArgumentException($"stateSize must be positive, but it is {stateSize}.", nameof(stateSize));
        }

        if (!Enum.IsDefined(terms.Estimator) || !Enum.IsDefined(terms.Probe))
        {
            throw new ArgumentException($"terms holds an undefined estimator ({(int)terms.Estimator}) or probe ({(int)terms.Probe}).", nameof(terms));
        }

        Terms = terms;
        StateSize = stateSize;
        int next = stateSize;
        LogDensityIndex = terms.LogDensity ? next++ : -1;
        KineticIndex = terms.KineticEnergy ? next++ : -1;
        JacobianIndex = terms.JacobianNorm ? next++ : -1;
        ProbeIndex = terms.NeedsProbe ? next : -1;
        Size = terms.NeedsProbe ? next + stateSize : next;
    }

    /// <summary>The carried terms.</summary>
    public AugmentedTerms Terms { get; }

    /// <summary>d, the size of z.</summary>
    public int StateSize { get; }

    /// <summary>The size of the augmented state.</summary>
    public int Size { get; }

    /// <summary>The index of Δlog p, or −1.</summary>
    public int LogDensityIndex { get; }

    /// <summary>The index of ∫‖f‖² dt, or −1.</summary>
    public int KineticIndex { get; }

    /// <summary>The index of ∫‖∂f/∂z‖²_F dt, or −1.</summary>
    public int JacobianIndex { get; }

    /// <summary>The index of the probe's first component, or −1.</summary>
    public int ProbeIndex { get; }

    /// <summary>
    /// The number of tangent directions the system pushes through the Jacobian: d (the eₖ) for an exact Frobenius
    /// norm, 1 (the probe) for a Hutchinson estimate, 0 when the exact divergence pass is enough.
    /// </summary>
    internal int Tangents => Terms.JacobianNorm && Terms.Estimator == TraceEstimator.Exact ? StateSize : (Terms.NeedsProbe ? 1 : 0);

    /// <summary>
    /// Writes augmented initial states for <paramref name="states"/> (lanes × d, lane after lane): z, zeros for the
    /// integrals, and a fresh probe per lane drawn from <paramref name="random"/> when the layout carries one.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="states">The states z, lane after lane.</param>
    /// <param name="random">The run's random stream; needed only when <see cref="ProbeIndex"/> ≥ 0.</param>
    /// <returns>lanes × <see cref="Size"/> values, lane after lane.</returns>
    /// <exception cref="ArgumentException">The length of <paramref name="states"/> is not a positive multiple of d, or a probe is needed and <paramref name="random"/> is null.</exception>
    public T[] Augment<T>(ReadOnlySpan<T> states, TrainingRandom? random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (states.Length == 0 || states.Length % StateSize != 0)
        {
            throw new ArgumentException($"states must hold lanes × {StateSize} values, but its length is {states.Length}.", nameof(states));
        }

        if (ProbeIndex >= 0 && random is null)
        {
            throw new ArgumentException("random must be given: the Hutchinson estimator draws a probe per lane from the run's random stream.", nameof(random));
        }

        int lanes = states.Length / StateSize;
        var augmented = new T[lanes * Size];
        for (int lane = 0; lane < lanes; lane++)
        {
            Span<T> row = augmented.AsSpan(lane * Size, Size);
            states.Slice(lane * StateSize, StateSize).CopyTo(row);
            if (ProbeIndex >= 0)
            {
                DrawProbe(row.Slice(ProbeIndex, StateSize), Terms.Probe, random!);
            }
        }

        return augmented;
    }

    /// <summary>
    /// The regularisers' part of a loss: the mean over lanes of λ_K ∫‖f‖² + λ_J ∫‖∂f/∂z‖²_F at the last save of
    /// <paramref name="solution"/> (the integrals start at 0 at the first), with its gradient added to
    /// <paramref name="dLdY"/> (laid out like the solution's states).
    /// </summary>
    /// <returns>The penalty.</returns>
    internal double AddPenalty<T>(Solution<T> solution, Span<T> dLdY, double kineticWeight, double jacobianWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = solution.Lanes, last = solution.SaveCount - 1;
        double penalty = 0;
        for (int lane = 0; lane < lanes; lane++)
        {
            ReadOnlySpan<T> final = solution.State(last, lane);
            Span<T> gradient = dLdY.Slice(((last * lanes) + lane) * Size, Size);
            if (KineticIndex >= 0 && kineticWeight != 0)
            {
                penalty += kineticWeight * double.CreateChecked(final[KineticIndex]);
                gradient[KineticIndex] += T.CreateChecked(kineticWeight / lanes);
            }

            if (JacobianIndex >= 0 && jacobianWeight != 0)
            {
                penalty += jacobianWeight * double.CreateChecked(final[JacobianIndex]);
                gradient[JacobianIndex] += T.CreateChecked(jacobianWeight / lanes);
            }
        }

        return penalty / lanes;
    }

    /// <summary>Fills <paramref name="probe"/> with independent components of <paramref name="distribution"/>.</summary>
    private static void DrawProbe<T>(Span<T> probe, ProbeDistribution distribution, TrainingRandom random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < probe.Length; c++)
        {
            probe[c] = distribution == ProbeDistribution.Rademacher
                ? ((random.NextUInt64() >> 63) == 0 ? T.One : -T.One)
                : T.CreateChecked(random.NextGaussian());
        }
    }
}
