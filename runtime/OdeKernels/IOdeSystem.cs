using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// The right-hand side f of dy/dt = f(t, y), evaluated for one trajectory at a time.
/// </summary>
/// <typeparam name="T">The floating-point type of the state (<see cref="float"/> or <see cref="double"/>).</typeparam>
/// <remarks>Thread safety: an implementation shared by solves running at the same time must allow concurrent calls
/// (keep no scratch or other mutable state in the instance); a solve calls it from its own thread only, and it may
/// itself call Ode (nested solves get buffers of their own).</remarks>
public interface IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of components of one trajectory's state.</summary>
    int StateSize { get; }

    /// <summary>Writes f(<paramref name="t"/>, <paramref name="y"/>) into <paramref name="dydt"/> (both of length <see cref="StateSize"/>).</summary>
    void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt);
}
