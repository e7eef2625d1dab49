using System;
using System.Collections.Generic;

namespace OdeKernels.Models;

/// <summary>
/// The step-size adaptation of Ott et al., "ResNet After All? Neural ODEs and Their Numerical Solution" (ICLR 2021,
/// §4 and Algorithm 1), as a decision rule: during training, every so often the model's accuracy under its training
/// solver is compared with its accuracy under a more accurate test solver. While they agree to within
/// <see cref="Threshold"/>, the model behaves like an ODE flow at this discretisation, so the step is enlarged (saving
/// work); when they disagree, the model has started to exploit the discretisation, so the step is shrunk. The same rule
/// adapts the tolerance of an adaptive solver.
/// </summary>
/// <remarks>
/// <see cref="Value"/> is the step size (or tolerance). It grows by <see cref="Grow"/> and shrinks by
/// <see cref="Shrink"/>, within [<see cref="Minimum"/>, <see cref="Maximum"/>]. Growing slowly and shrinking fast
/// (the defaults 1.2 and 0.5) makes the value settle just below the critical step size where the model stops being a
/// flow, oscillating within one shrink of it. The test solver is the caller's choice (the paper uses a method of
/// higher order; <c>examples/Spheres</c> uses Rk4 at half the step, or Dopri5 at a tolerance 100 times tighter).
/// <para>Thread safety: not thread-safe; every step changes Value and History.</para>
/// </remarks>
public sealed class SolverAdaptation
{
    private readonly List<SolverAdaptationStep> _history = [];

    /// <summary>Starts the adaptation at <paramref name="initial"/>.</summary>
    /// <param name="initial">The first step size or tolerance (positive, within the bounds).</param>
    /// <param name="threshold">The largest accuracy difference (in [0, 1]) that still counts as agreement.</param>
    /// <param name="grow">The factor that enlarges the value on agreement (&gt; 1).</param>
    /// <param name="shrink">The factor that reduces it on disagreement (in (0, 1)).</param>
    /// <param name="minimum">The smallest value (positive).</param>
    /// <param name="maximum">The largest value.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public SolverAdaptation(double initial, double threshold = 0.02, double grow = 1.2, double shrink = 0.5, double minimum = 1.0 / 1024, double maximum = 1.0)
    {
        if (!(minimum > 0) || !(maximum >= minimum) || !(initial >= minimum && initial <= maximum))
        {
            throw new ArgumentException($"Need 0 < minimum ≤ initial ≤ maximum, but they are {minimum}, {initial}, {maximum}.", nameof(initial));
        }

        if (!(threshold >= 0 && threshold <= 1) || !(grow > 1) || !(shrink > 0 && shrink < 1))
        {
            throw new ArgumentException($"Need threshold in [0, 1], grow > 1 and shrink in (0, 1), but they are {threshold}, {grow}, {shrink}.", nameof(threshold));
        }

        Value = initial;
        Threshold = threshold;
        Grow = grow;
        Shrink = shrink;
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>The current step size or tolerance.</summary>
    public double Value { get; private set; }

    /// <summary>The largest accuracy difference that counts as agreement.</summary>
    public double Threshold { get; }

    /// <summary>The factor applied on agreement.</summary>
    public double Grow { get; }

    /// <summary>The factor applied on disagreement.</summary>
    public double Shrink { get; }

    /// <summary>The smallest value.</summary>
    public double Minimum { get; }

    /// <summary>The largest value.</summary>
    public double Maximum { get; }

    /// <summary>Every decision so far, in order.</summary>
    public IReadOnlyList<SolverAdaptationStep> History => _history;

    /// <summary>Compares the two accuracies and moves <see cref="Value"/>.</summary>
    /// <param name="iteration">Where in training the comparison was made (recorded only).</param>
    /// <param name="trainSolverAccuracy">The accuracy under the training solver at <see cref="Value"/>.</param>
    /// <param name="testSolverAccuracy">The accuracy under the more accurate test solver.</param>
    /// <returns>The new value.</returns>
    public double Update(long iteration, double trainSolverAccuracy, double testSolverAccuracy)
    {
        double before = Value;
        bool agree = Math.Abs(trainSolverAccuracy - testSolverAccuracy) <= Threshold;
        Value = Math.Clamp(agree ? Value * Grow : Value * Shrink, Minimum, Maximum);
        _history.Add(new SolverAdaptationStep(iteration, before, trainSolverAccuracy, testSolverAccuracy, agree, Value));
        return Value;
    }
}

/// <summary>One decision of <see cref="SolverAdaptation"/>.</summary>
/// <param name="Iteration">Where in training it was made.</param>
/// <param name="Before">The value the accuracies were measured at.</param>
/// <param name="TrainSolverAccuracy">The accuracy under the training solver.</param>
/// <param name="TestSolverAccuracy">The accuracy under the test solver.</param>
/// <param name="Agreed">Whether they agreed within the threshold.</param>
/// <param name="After">The new value.</param>
/// <remarks>Thread safety: an immutable value; safe to share.</remarks>
public readonly record struct SolverAdaptationStep(long Iteration, double Before, double TrainSolverAccuracy, double TestSolverAccuracy, bool Agreed, double After);
