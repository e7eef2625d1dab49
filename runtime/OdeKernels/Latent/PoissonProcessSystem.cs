using System;
using System.Numerics;

namespace OdeKernels.Latent;

/// <summary>
/// The latent dynamics augmented with the integral of the event rate: state [z ; Λ] with dz/dt = f(t, z; θ_f) and
/// dΛ/dt = λ(z; θ_λ), so Λ(T) = ∫ λ(z(t)) dt comes out of the same solve and every adjoint differentiates it (as
/// Chen et al., 2018, §5 carry it). Parameters are [θ_f ; θ_λ]; the networks keep their own, so
/// <see cref="Parameters"/> is a snapshot taken at construction (the solver only checks it is finite) and the system
/// lives for one <see cref="PoissonProcessLikelihood{TDynamics, TTableau, T}"/> call.
/// </summary>
/// <remarks>Thread safety: concurrent calls are allowed as the dynamics and the rate network allow them.</remarks>
internal sealed class PoissonProcessSystem<TDynamics, T> : IDifferentiableSystem<T>
    where TDynamics : IDifferentiableSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TDynamics _dynamics;
    private readonly INetwork<T> _rate;
    private readonly T[] _parameters;
    private readonly int _latent;
    private readonly int _dynamicsParameters;

    public PoissonProcessSystem(TDynamics dynamics, INetwork<T> rate)
    {
        _dynamics = dynamics;
        _rate = rate;
        _latent = dynamics.StateSize;
        _dynamicsParameters = dynamics.ParameterCount;
        _parameters = [.. dynamics.Parameters, .. rate.Parameters];
    }

    public int StateSize => _latent + 1;

    public int ParameterCount => _parameters.Length;

    public Span<T> Parameters => _parameters;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        ReadOnlySpan<T> z = y[.._latent];
        _dynamics.Evaluate(t, z, dydt[.._latent]);
        _rate.Forward(z, dydt.Slice(_latent, 1), 1);
    }

    public void Vjp(T t, ReadOnlySpan<T> y, ReadOnlySpan<T> a, Span<T> dy, Span<T> dtheta)
    {
        ReadOnlySpan<T> z = y[.._latent];
        Span<T> dz = dy.IsEmpty ? default : dy[.._latent];
        _dynamics.Vjp(t, z, a[.._latent], dz, dtheta.IsEmpty ? default : dtheta[.._dynamicsParameters]);

        // dΛ/dt = λ(z) does not depend on Λ: its row adds a_Λ ∂λ/∂z to dz and a_Λ ∂λ/∂θ_λ to θ_λ, nothing to dΛ.
        _rate.Vjp(z, a.Slice(_latent, 1), dz, dtheta.IsEmpty ? default : dtheta[_dynamicsParameters..], 1);
    }
}
