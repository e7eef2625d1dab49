using System;
using System.ComponentModel;
using System.Numerics;

namespace OdeKernels.Generated;

/// <summary>
/// The buffers of one batched Runge-Kutta step, shared between the solver and the generated
/// <see cref="IRungeKuttaTableau.Step"/>. Every state-shaped buffer is component-major: component <c>c</c> of lane
/// <c>i</c> lives at <c>c * Stride + i</c>, so each component is a contiguous run of lanes that vectorises.
/// Infrastructure for generated code; not for direct use.
/// </summary>
/// <typeparam name="T">The floating-point type of the state.</typeparam>
/// <remarks>Thread safety: a ref struct that lives on one thread's stack for one generated step; it cannot be
/// shared.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct RungeKuttaStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of components of one lane's state.</summary>
    public int StateSize;

    /// <summary>The number of lanes to step.</summary>
    public int Count;

    /// <summary>The distance between consecutive components of one lane (≥ <see cref="Count"/>).</summary>
    public int Stride;

    /// <summary>The time of each lane at the start of the step.</summary>
    public ReadOnlySpan<T> Time;

    /// <summary>The step size of each lane.</summary>
    public ReadOnlySpan<T> StepSize;

    /// <summary>The state of each lane at the start of the step.</summary>
    public ReadOnlySpan<T> Y;

    /// <summary>The stage derivatives k₁..kₛ, stage <c>j</c> in the block starting at <c>j * StateSize * Stride</c>.</summary>
    public Span<T> Stages;

    /// <summary>Scratch for the input state of the stage being evaluated.</summary>
    public Span<T> StageState;

    /// <summary>Scratch for the time of the stage being evaluated.</summary>
    public Span<T> StageTime;

    /// <summary>Receives the proposed solution y + h Σ bⱼ kⱼ.</summary>
    public Span<T> YNew;

    /// <summary>
    /// Receives, per lane, Σ_c (e_c / (atol + rtol · max(|y_c|, |ynew_c|)))² with e = h Σ (bⱼ − b̂ⱼ) kⱼ (or, with
    /// <see cref="MaximumNorm"/>, Boost.Odeint's maximum norm); empty to skip the error estimate (fixed steps).
    /// </summary>
    public Span<T> ErrorSquares;

    /// <summary>
    /// Whether the error is Boost.Odeint's maximum norm (<see cref="StepSizeControl.Odeint"/>): then <see cref="ErrorSquares"/> receives per lane
    /// max_c |e_c| / (atol + rtol · (|y_c| + |h| · |k₁_c|)) in place of the sum of squares, k₁ = f(t, y) the first stage.
    /// </summary>
    public bool MaximumNorm;

    /// <summary>The absolute tolerance of the error scale.</summary>
    public T AbsoluteTolerance;

    /// <summary>The relative tolerance of the error scale.</summary>
    public T RelativeTolerance;

    /// <summary>The length of one stage block (<c>StateSize * Stride</c>).</summary>
    public readonly int StageBlock => StateSize * Stride;

    /// <summary>Returns stage <paramref name="stage"/>'s derivative block (0-based).</summary>
    /// <param name="stage">The 0-based stage index.</param>
    public readonly Span<T> Stage(int stage) => Stages.Slice(stage * StageBlock, StageBlock);

    /// <summary>Effectively computes <c>StageTime[i] = Time[i] + c · StepSize[i]</c> for every lane.</summary>
    /// <param name="c">The stage's node.</param>
    public readonly void SetStageTime(double c)
    {
        T cc = T.CreateTruncating(c);
        ReadOnlySpan<T> time = Time[..Count], h = StepSize[..Count];
        Span<T> stageTime = StageTime[..Count];
        for (int i = 0; i < stageTime.Length; i++)
        {
            stageTime[i] = time[i] + cc * h[i];
        }
    }
}
