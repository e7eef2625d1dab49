using System;
using System.Collections.Generic;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// Updates parameters in place from their gradient, one iteration at a time, and exports its state so a resumed run
/// continues bit for bit.
/// </summary>
/// <typeparam name="T">The floating-point type of the parameters (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <remarks>Thread safety: Step and LoadState change the optimizer's state; implementations need not be thread-safe,
/// and the built-in ones are not.</remarks>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of parameters the optimizer was created for.</summary>
    int ParameterCount { get; }

    /// <summary>The number of steps taken (restored by <see cref="LoadState"/>); bias corrections depend on it.</summary>
    long StepCount { get; }

    /// <summary>
    /// Copies of the optimizer's per-parameter buffers (for example the moments <c>m</c> and <c>v</c>, or
    /// <c>momentum</c>), each of length <see cref="ParameterCount"/>; with <see cref="StepCount"/> this is the whole state.
    /// </summary>
    IReadOnlyList<(string Name, T[] Values)> State { get; }

    /// <summary>Takes one step: updates <paramref name="parameters"/> in place from <paramref name="gradient"/>. Allocates nothing.</summary>
    /// <param name="parameters">The parameters θ (length <see cref="ParameterCount"/>), updated in place.</param>
    /// <param name="gradient">dL/dθ (length <see cref="ParameterCount"/>, finite).</param>
    /// <param name="learningRate">The step size of this iteration (finite, positive), typically from an <see cref="ILearningRateSchedule"/>.</param>
    /// <exception cref="ArgumentException">A length differs from <see cref="ParameterCount"/>, the gradient is not finite, or the learning rate is not positive; the message names the value.</exception>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate);

    /// <summary>Restores a state exported by <see cref="State"/> and <see cref="StepCount"/>, so the next step is the one the exporting run would have taken.</summary>
    /// <param name="state">One entry per buffer named in <see cref="State"/> (any order), each of length <see cref="ParameterCount"/>.</param>
    /// <param name="stepCount">The <see cref="StepCount"/> exported with the state (non-negative).</param>
    /// <exception cref="ArgumentException">A buffer is missing, unknown, repeated, of the wrong length or not finite, or <paramref name="stepCount"/> is negative; nothing is changed.</exception>
    void LoadState(IReadOnlyList<(string Name, T[] Values)> state, long stepCount);
}
