using System.ComponentModel;
using System.Numerics;

namespace OdeKernels.Generated;

/// <summary>
/// The per-solve settings of the generated <see cref="IRungeKuttaTableau.StepState"/>: whether to estimate the
/// error and the tolerances that scale it (the arithmetic is a type argument of the step, <see cref="IStateArithmetic"/>).
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
    public StateStepSettings(bool estimateError, T absoluteTolerance, T relativeTolerance)
    {
        EstimateError = estimateError;
        AbsoluteTolerance = absoluteTolerance;
        RelativeTolerance = relativeTolerance;
    }

    /// <summary>Whether the step returns the embedded error (adaptive steps).</summary>
    public bool EstimateError { get; }

    /// <summary>atol.</summary>
    public T AbsoluteTolerance { get; }

    /// <summary>rtol.</summary>
    public T RelativeTolerance { get; }
}
