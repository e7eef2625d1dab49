using System.ComponentModel;
using System.Numerics;

namespace OdeKernels.Generated;

/// <summary>
/// The per-solve settings of the generated <see cref="IRungeKuttaTableau.StepState"/>: whether to estimate the
/// error, the tolerances that scale it, and whether the stage combinations use fused multiply-adds.
/// Infrastructure for generated code; not for direct use.
/// </summary>
/// <typeparam name="T">The floating-point type of the state.</typeparam>
/// <remarks>Thread safety: an immutable value.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct StateStepSettings<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Settings for one solve.</summary>
    /// <param name="estimateError">Whether the step returns the embedded error (adaptive steps).</param>
    /// <param name="absoluteTolerance">atol.</param>
    /// <param name="relativeTolerance">rtol.</param>
    /// <param name="fusedMultiplyAdd">Whether the stage combinations use fused multiply-adds (<see cref="SolverOptions.FusedMultiplyAdd"/>).</param>
    public StateStepSettings(bool estimateError, T absoluteTolerance, T relativeTolerance, bool fusedMultiplyAdd)
    {
        EstimateError = estimateError;
        AbsoluteTolerance = absoluteTolerance;
        RelativeTolerance = relativeTolerance;
        FusedMultiplyAdd = fusedMultiplyAdd;
    }

    /// <summary>Whether the step returns the embedded error (adaptive steps).</summary>
    public bool EstimateError { get; }

    /// <summary>atol.</summary>
    public T AbsoluteTolerance { get; }

    /// <summary>rtol.</summary>
    public T RelativeTolerance { get; }

    /// <summary>Whether Σ aⱼkⱼ and y + h·Σ are formed with fused multiply-adds (one rounding each) instead of a multiply and an add.</summary>
    public bool FusedMultiplyAdd { get; }
}
