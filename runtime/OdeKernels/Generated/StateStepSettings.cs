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
        : this(estimateError, absoluteTolerance, relativeTolerance, maximumNorm: false)
    {
    }

    /// <summary>Settings for one solve, with the error norm.</summary>
    /// <param name="estimateError">Whether the step returns the embedded error (adaptive steps).</param>
    /// <param name="absoluteTolerance">atol.</param>
    /// <param name="relativeTolerance">rtol.</param>
    /// <param name="maximumNorm">Whether the error is Boost.Odeint's maximum norm (<see cref="MaximumNorm"/>).</param>
    public StateStepSettings(bool estimateError, T absoluteTolerance, T relativeTolerance, bool maximumNorm)
    {
        EstimateError = estimateError;
        AbsoluteTolerance = absoluteTolerance;
        RelativeTolerance = relativeTolerance;
        MaximumNorm = maximumNorm;
    }

    /// <summary>Whether the step returns the embedded error (adaptive steps).</summary>
    public bool EstimateError { get; }

    /// <summary>atol.</summary>
    public T AbsoluteTolerance { get; }

    /// <summary>rtol.</summary>
    public T RelativeTolerance { get; }

    /// <summary>
    /// Whether the error is Boost.Odeint's maximum norm (<see cref="StepSizeControl.Odeint"/>): the step then returns
    /// max_c |e_c| / (atol + rtol · (|y_c| + |h| · |k₁_c|)) (<see cref="IStateVector{TSelf, T}.ScaledErrorMaximum"/>) in
    /// place of the sum of squares.
    /// </summary>
    public bool MaximumNorm { get; }
}
