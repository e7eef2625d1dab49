using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;

namespace OdeKernels.Flows;

/// <summary>
/// Any batched neural ODE with its kinetic energy carried as one more state component: state [y, E] with dy/dt = f
/// and dE/dt = ‖f‖² (Finlay et al. 2020, eq. 3), so that a loss can add λ·E(t₁) and every adjoint differentiates it.
/// Needs only <see cref="IBatchedDifferentiableSystem{T}"/>; the Jacobian-norm regulariser needs the tangents of an
/// <see cref="IDivergenceSystem{T}"/> (<see cref="AugmentedSystem{TDynamics, T}"/> with
/// <see cref="AugmentedTerms.JacobianNorm"/>).
/// </summary>
/// <typeparam name="TSystem">The right-hand side.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: as the system: concurrent calls are allowed when the system allows them; scratch is rented
/// per call.</remarks>
public sealed class KineticSystem<TSystem, T> : IBatchedDifferentiableSystem<T>, ILaneBlockSize
    where TSystem : IBatchedDifferentiableSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TSystem _system;

    /// <summary>Carries the kinetic energy of <paramref name="system"/>.</summary>
    /// <param name="system">The right-hand side f(t, y; θ).</param>
    public KineticSystem(TSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        _system = system;
        Layout = new AugmentedLayout(system.StateSize, new AugmentedTerms(LogDensity: false, KineticEnergy: true));
    }

    /// <summary>The layers of the system, so checkpoints name its tensors as the system's own.</summary>
    public static IReadOnlyList<DynamicsLayer> Layers => TSystem.Layers;

    /// <summary>The system.</summary>
    public TSystem System => _system;

    /// <summary>Where the components lie (y, then the kinetic energy at <see cref="AugmentedLayout.KineticIndex"/>).</summary>
    public AugmentedLayout Layout { get; }

    /// <summary>The size of y plus one.</summary>
    public int StateSize => Layout.Size;

    /// <summary>
    /// The wrapped system's lanes per block (<see cref="ILaneBlockSize"/>; 256 when it states none): a wrapper is cut
    /// into the same blocks, so it runs on as many threads and sums its parameter gradient in the same blocks.
    /// </summary>
    public int LanesPerBlock => OdeKernels.Solving.LaneBlocks.Size(_system);

    /// <summary>The system's parameter count.</summary>
    public int ParameterCount => _system.ParameterCount;

    /// <summary>The system's parameters (the same memory).</summary>
    public Span<T> Parameters => _system.Parameters;

    /// <inheritdoc/>
    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        ReadOnlySpan<T> time = [t];
        EvaluateBatch(time, y, dydt, 1, 1);
    }

    /// <inheritdoc/>
    public void Vjp(T t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta)
    {
        ReadOnlySpan<T> time = [t];
        VjpBatch(time, y, a, dy, dtheta, 1, 1);
    }

    /// <inheritdoc/>
    public void EvaluateBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, Span<T> dydt, int count, int stride)
    {
        _system.EvaluateBatch(t, y, dydt, count, stride);
        AugmentedKernels<T>.SumOfSquares(dydt, Layout.StateSize, dydt.Slice(Layout.KineticIndex * stride, count), count, stride);
    }

    /// <inheritdoc/>
    public void VjpBatch(ReadOnlySpan<T> t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta, int count, int stride)
    {
        int d = Layout.StateSize;
        T[] f = ArrayPool<T>.Shared.Rent(d * stride);
        T[] af = ArrayPool<T>.Shared.Rent(d * stride);
        try
        {
            _system.EvaluateBatch(t, y, f, count, stride);
            AugmentedKernels<T>.CotangentOfF(a, f, Layout.KineticIndex, af, d, count, stride);
            _system.VjpBatch(t, y, af, dy, dtheta, count, stride);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(f);
            ArrayPool<T>.Shared.Return(af);
        }
    }
}
