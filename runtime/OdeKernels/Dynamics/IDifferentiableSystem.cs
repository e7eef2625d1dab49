using System;
using System.Collections.Generic;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// A right-hand side f(t, y; θ) with parameters θ and a vector-Jacobian product, which adjoint methods need to
/// differentiate a solve. Generated <see cref="DynamicsAttribute"/> networks implement it; so may hand-written systems.
/// </summary>
/// <typeparam name="T">The floating-point type of the state and the parameters.</typeparam>
/// <remarks>Thread safety: an implementation shared by solves running at the same time must allow concurrent calls
/// (keep no scratch or other mutable state in the instance); a solve calls it from its own thread only, and it may
/// itself call Ode (nested solves get buffers of their own). Parameters must not change during a solve or gradient that
/// uses the system.</remarks>
public interface IDifferentiableSystem<T> : IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of parameters θ.</summary>
    int ParameterCount { get; }

    /// <summary>The parameters θ (length <see cref="ParameterCount"/>), writable in place (e.g. by an optimiser).</summary>
    Span<T> Parameters { get; }

    /// <summary>
    /// The layers and where their parameters lie, which name the system's checkpoint tensors (dense layer k as
    /// <c>{k}.weight</c> and <c>{k}.bias</c>, see <see cref="Checkpoints.ModelCheckpoint"/>); empty, the default, for a
    /// system without a layer description, whose parameters are stored as one tensor. A generated
    /// <see cref="DynamicsAttribute"/> class implements it with its static <c>Layers</c> table, so a trainer or a
    /// model reads it from the system's type (<c>TSystem.Layers</c>) and nobody passes it by hand.
    /// </summary>
    /// <remarks>
    /// A static member because the table is a fact of the type, not of an instance: generic code reads it through the
    /// type parameter it already has, without an instance or reflection. Virtual, with this default, so that
    /// hand-written systems need not implement it.
    /// </remarks>
    static virtual IReadOnlyList<DynamicsLayer> Layers => Array.Empty<DynamicsLayer>();

    /// <summary>
    /// Effectively computes <c>dy += aᵀ ∂f/∂y (t, y)</c> and <c>dtheta += aᵀ ∂f/∂θ (t, y)</c>: it accumulates, so
    /// callers clear the outputs first when they want the product alone.
    /// </summary>
    /// <param name="t">The time.</param>
    /// <param name="y">The state (length <see cref="IOdeSystem{T}.StateSize"/>).</param>
    /// <param name="a">The cotangent that multiplies the Jacobian from the left (length <see cref="IOdeSystem{T}.StateSize"/>).</param>
    /// <param name="dy">Receives aᵀ ∂f/∂y, added (length <see cref="IOdeSystem{T}.StateSize"/>); empty to skip it.</param>
    /// <param name="dtheta">Receives aᵀ ∂f/∂θ, added (length <see cref="ParameterCount"/>); empty to skip it.</param>
    void Vjp(T t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta);
}
