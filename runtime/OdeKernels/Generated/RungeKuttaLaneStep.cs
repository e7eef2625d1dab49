using System;
using System.ComponentModel;
using System.Numerics;

namespace OdeKernels.Generated;

/// <summary>
/// The buffers of one Runge-Kutta step of a single trajectory, used by the generated
/// <see cref="IRungeKuttaTableau.StepLane"/>. Every state-shaped buffer is one lane's state, components contiguous;
/// stage <c>j</c>'s derivative lives at <c>j * StateSize</c> in <see cref="Stages"/>. The step does the arithmetic of
/// the batched <see cref="IRungeKuttaTableau.Step"/> for one lane, in the same order, so both give the same bits.
/// Infrastructure for generated code; not for direct use.
/// </summary>
/// <typeparam name="T">The floating-point type of the state.</typeparam>
/// <remarks>Thread safety: a ref struct that lives on one thread's stack for one generated step; it cannot be
/// shared.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct RungeKuttaLaneStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of components of the state.</summary>
    public int StateSize;

    /// <summary>The time at the start of the step.</summary>
    public T Time;

    /// <summary>The step size.</summary>
    public T StepSize;

    /// <summary>The state at the start of the step (length ≥ <see cref="StateSize"/>).</summary>
    public ReadOnlySpan<T> Y;

    /// <summary>The stage derivatives k₁..kₛ, stage <c>j</c> at <c>j * StateSize</c> (length ≥ stages × <see cref="StateSize"/>).</summary>
    public Span<T> Stages;

    /// <summary>Scratch for the input state of the stage being evaluated (length ≥ <see cref="StateSize"/>).</summary>
    public Span<T> StageState;

    /// <summary>Receives the proposed solution y + h Σ bⱼ kⱼ (length ≥ <see cref="StateSize"/>).</summary>
    public Span<T> YNew;

    /// <summary>
    /// Whether to compute the embedded error estimate; when false (fixed steps) <see cref="IRungeKuttaTableau.StepLane"/>
    /// returns 0 without it.
    /// </summary>
    public bool EstimateError;

    /// <summary>
    /// Whether the error is Boost.Odeint's maximum norm (<see cref="StepSizeControl.Odeint"/>): then the step returns
    /// max_c |e_c| / (atol + rtol · (|y_c| + |h| · |k₁_c|)) in place of the sum of squares, k₁ = f(t, y) the first stage.
    /// </summary>
    public bool MaximumNorm;

    /// <summary>The absolute tolerance of the error scale.</summary>
    public T AbsoluteTolerance;

    /// <summary>The relative tolerance of the error scale.</summary>
    public T RelativeTolerance;
}
