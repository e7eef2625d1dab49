using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>The gradient of a loss through a solve, with the forward solution it was taken at.</summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: safe to read from any number of threads; Parameters and InitialState are arrays handed to
/// the caller, who must not write them while other threads read them.</remarks>
public sealed class Gradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal Gradient(T[] parameters, T[] initialState, Solution<T> solution, SolverStats backward, double loss = double.NaN)
    {
        Loss = loss;
        Parameters = parameters;
        InitialState = initialState;
        Solution = solution;
        BackwardStats = backward;
    }

    /// <summary>dL/dθ, in the layout of the system's <c>Parameters</c> (summed over lanes).</summary>
    public T[] Parameters { get; }

    /// <summary>dL/dy₀, laid out like the solve's <c>y0</c> (lane after lane).</summary>
    public T[] InitialState { get; }

    /// <summary>The forward solution.</summary>
    public Solution<T> Solution { get; }

    /// <summary>The loss a <see cref="LossFunction{T}"/> returned for the forward solution; NaN when dL/dy was given directly.</summary>
    public double Loss { get; }

    /// <summary>The work of the backward pass (evaluations count right-hand-side and vector-Jacobian evaluations).</summary>
    public SolverStats BackwardStats { get; }
}
