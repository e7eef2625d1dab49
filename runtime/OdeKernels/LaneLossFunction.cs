using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// A loss of a solve with per-lane save times: returns L and writes dL/dy at every lane's save times into
/// <paramref name="dLdY"/> (the ragged layout of <see cref="LaneSolution{T}.States"/>, zeroed on entry). Lets
/// <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, LaneSaveTimes{T}, LaneLossFunction{T}, SolverOptions?, AdjointMethod, int)"/>
/// take the gradient from a single forward solve.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <param name="solution">The forward solution.</param>
/// <param name="dLdY">Receives dL/dy.</param>
/// <returns>The loss.</returns>
/// <remarks>Thread safety: called once per gradient, on the thread that called Ode.Gradient; it need not be thread-safe
/// unless the same delegate serves concurrent gradients.</remarks>
public delegate double LaneLossFunction<T>(LaneSolution<T> solution, Span<T> dLdY)
    where T : unmanaged, IFloatingPointIeee754<T>;
