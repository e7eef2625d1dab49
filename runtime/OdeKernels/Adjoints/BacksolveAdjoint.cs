using System;
using System.Numerics;

namespace OdeKernels.Adjoints;

/// <summary>
/// The continuous adjoint (Chen et al. 2018, Algorithm 1): between consecutive save times, integrate the augmented
/// system z = [y, a, a_θ] backwards in time (as s = −t, so the forward solver runs it unchanged), with
/// dy/ds = −f, da/ds = aᵀ∂f/∂y, da_θ/ds = aᵀ∂f/∂θ; at each save time add dL/dy(tᵢ) to a and restart y from the
/// forward solution there (<see cref="BacksolveSweep"/>).
/// </summary>
internal static class BacksolveAdjoint
{
    public static Gradient<T> Run<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ref Cotangents<T> cotangents, SolverOptions options)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Solution<T> forward = Ode.Solve(system, default(TTableau), y0, saveAt, options);
        ReadOnlySpan<T> dLdY = cotangents.Resolve(forward);
        int n = system.StateSize, p = system.ParameterCount, lanes = forward.Lanes;
        int m = (2 * n) + p;
        var backward = new Segments<TSystem, TTableau, T>(new AugmentedSystem<TSystem, T>(system), options);
        var z = new T[lanes * m];
        SolverStats stats = BacksolveSweep.Run<T, Segments<TSystem, TTableau, T>>(ref backward, z, m, forward.States, dLdY, saveAt, lanes, n);

        var parameters = new T[p];
        var initial = new T[lanes * n];
        for (int lane = 0; lane < lanes; lane++)
        {
            z.AsSpan((lane * m) + n, n).CopyTo(initial.AsSpan(lane * n, n));
            ReadOnlySpan<T> aTheta = z.AsSpan((lane * m) + (2 * n), p);
            for (int k = 0; k < p; k++)
            {
                parameters[k] += aTheta[k];
            }
        }

        return new Gradient<T>(parameters, initial, forward, stats, cotangents.Loss);
    }

    /// <summary>Each backward segment solved by <see cref="Ode.Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?)"/>.</summary>
    private readonly struct Segments<TSystem, TTableau, T>(AugmentedSystem<TSystem, T> system, SolverOptions options) : IBackwardSegment<T>
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Solution<T> Solve(T[] z, T[] segment) => Ode.Solve(system, default(TTableau), z, segment, options);
    }

    /// <summary>
    /// The augmented backward system in reversed time s = −t. A struct, so that the solver's generated step is
    /// specialised for it (a class would be called through the interface at every stage).
    /// </summary>
    private readonly struct AugmentedSystem<TSystem, T> : IOdeSystem<T>
        where TSystem : IDifferentiableSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TSystem _system;
        private readonly int _n;
        private readonly int _p;
        private readonly T[] _f;

        public AugmentedSystem(TSystem system)
        {
            _system = system;
            _n = system.StateSize;
            _p = system.ParameterCount;
            _f = new T[_n];
        }

        public int StateSize => (2 * _n) + _p;

        public void Evaluate(T s, ReadOnlySpan<T> z, Span<T> dzds)
        {
            T t = -s;
            ReadOnlySpan<T> y = z[.._n], a = z.Slice(_n, _n);
            _system.Evaluate(t, y, _f);
            for (int c = 0; c < _n; c++)
            {
                dzds[c] = -_f[c];
            }

            Span<T> dy = dzds.Slice(_n, _n), dTheta = dzds.Slice(2 * _n, _p);
            dy.Clear();
            dTheta.Clear();
            _system.Vjp(t, y, a, dy, dTheta);
        }
    }
}
