using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// The continuous adjoint (Chen et al. 2018, Algorithm 1): between consecutive save times, integrate the augmented
/// system z = [y, a, a_θ] backwards in time (as s = −t, so the forward solver runs it unchanged), with
/// dy/ds = −f, da/ds = aᵀ∂f/∂y, da_θ/ds = aᵀ∂f/∂θ; at each save time add dL/dy(tᵢ) to a and restart y from the
/// forward solution there (<see cref="BacksolveSweep"/>).
/// </summary>
internal static class BacksolveAdjoint
{
    public static unsafe Gradient<T> Run<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, ref Cotangents<T> cotangents, SolverOptions options, Solution<T>? solved = null)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Solution<T> forward = solved ?? Ode.SolveScheduled<TSystem, TTableau, T>(system, y0, schedule, options);
        ReadOnlySpan<T> dLdY = cotangents.Resolve(forward);
        int lanes = forward.Lanes, blockSize = LaneBlocks.Size(system);
        var initial = new T[lanes * system.StateSize];
        var sums = new BlockSums<T>(LaneBlocks.Count(lanes, blockSize));
        fixed (T* g = dLdY, start = y0)
        {
            var work = new Backward<TSystem, TTableau, T>
            {
                System = system,
                Forward = forward,
                DLdY = new PinnedSpan<T>(g, dLdY.Length),
                Y0 = new PinnedSpan<T>(start, y0.Length),
                Schedule = schedule,
                Options = options,
                Initial = initial,
                Sums = sums,
            };
            LaneBlocks.Run(lanes, blockSize, options, work);
        }

        return new Gradient<T>(sums.Parameters<T>(system.ParameterCount), initial, forward, sums.Stats, cotangents.Loss);
    }

    /// <summary>The backward sweep of one block of lanes, with an augmented system (and its scratch) of its own.</summary>
    private readonly struct Backward<TSystem, TTableau, T> : IBlockWork
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public TSystem System { get; init; }

        public Solution<T> Forward { get; init; }

        public PinnedSpan<T> DLdY { get; init; }

        public PinnedSpan<T> Y0 { get; init; }

        public SaveSchedule<T> Schedule { get; init; }

        public SolverOptions Options { get; init; }

        public T[] Initial { get; init; }

        public BlockSums<T> Sums { get; init; }

        public void Run(int block, int first, int count)
        {
            int n = System.StateSize, p = System.ParameterCount, m = (2 * n) + p;
            var backward = new Segments<TSystem, TTableau, T>(new AugmentedSystem<TSystem, T>(System), Options);
            var z = new T[count * m];
            SolverStats stats = BacksolveSweep.Run<T, Segments<TSystem, TTableau, T>>(ref backward, z, m, Forward.States, DLdY.Span, Y0.Span, Schedule, first, count, n);
            var parameters = new T[p];
            for (int lane = 0; lane < count; lane++)
            {
                z.AsSpan((lane * m) + n, n).CopyTo(Initial.AsSpan((first + lane) * n, n));
                ReadOnlySpan<T> aTheta = z.AsSpan((lane * m) + (2 * n), p);
                for (int k = 0; k < p; k++)
                {
                    parameters[k] += aTheta[k];
                }
            }

            Sums.Set(block, parameters, stats);
        }
    }

    /// <summary>Each backward segment solved on the CPU as <c>Ode.Solve</c> solves (one lane at a time or in blocks).</summary>
    private readonly struct Segments<TSystem, TTableau, T>(AugmentedSystem<TSystem, T> system, SolverOptions options) : IBackwardSegment<T>
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Solution<T> Solve(T[] z, SaveSchedule<T> segments) => Ode.SolveScheduled<AugmentedSystem<TSystem, T>, TTableau, T>(system, z, segments, options);
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
