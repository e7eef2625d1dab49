using System.Numerics;

namespace OdeKernels;

/// <summary>
/// The gradient of a loss through a solve with per-lane save times (<see cref="LaneSaveTimes{T}"/>), with the forward
/// solution.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: immutable once returned (the arrays belong to the caller; do not write them while others read).</remarks>
public sealed class LaneGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal LaneGradient(T[] parameters, T[] initialState, LaneSolution<T> solution, SolverStats backward, double loss)
    {
        Loss = loss;
        Parameters = parameters;
        InitialState = initialState;
        Solution = solution;
        BackwardStats = backward;
    }

    /// <summary>dL/dθ, in the order of the system's parameters (summed over lanes).</summary>
    public T[] Parameters { get; }

    /// <summary>dL/dy₀, lanes × StateSize values, lane after lane.</summary>
    public T[] InitialState { get; }

    /// <summary>The forward solution.</summary>
    public LaneSolution<T> Solution { get; }

    /// <summary>The loss a <see cref="LaneLossFunction{T}"/> returned for the forward solution; NaN when dL/dy was given directly.</summary>
    public double Loss { get; }

    /// <summary>The work of the backward pass.</summary>
    public SolverStats BackwardStats { get; }
}
