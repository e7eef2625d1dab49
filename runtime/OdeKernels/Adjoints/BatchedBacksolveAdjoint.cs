using System;
using System.Buffers;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// The continuous adjoint for batched differentiable systems. The backward state is [y, a] per lane (2n values),
/// integrated in s = −t by the same batched integrator and generated step as the forward solve; the parameter
/// cotangent a_θ, which no other component depends on, is not carried as 252-odd extra states per lane but
/// integrated by the step's own quadrature after each step: a_θ += h Σ bᵢ aᵢᵀ∂f/∂θ(tᵢ, yᵢ) over the accepted lanes,
/// summed across lanes in one batched VJP per stage. That is the same rule RK applies to the a_θ component of the
/// augmented system; a_θ just takes no part in the error control.
/// </summary>
internal static class BatchedBacksolveAdjoint
{
    public static unsafe Gradient<T> Run<TTableau, T>(IBatchedDifferentiableSystem<T> system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, ref Cotangents<T> cotangents, SolverOptions options)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Solution<T> forward = Ode.SolveScheduled<IBatchedDifferentiableSystem<T>, TTableau, T>(system, y0, schedule, options);
        ReadOnlySpan<T> dLdY = cotangents.Resolve(forward);
        int lanes = forward.Lanes, blockSize = LaneBlocks.Size(system);
        var initial = new T[lanes * system.StateSize];
        var sums = new BlockSums<double>(LaneBlocks.Count(lanes, blockSize));
        fixed (T* g = dLdY, start = y0)
        {
            var work = new Backward<TTableau, T>
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

    /// <summary>The backward sweep of one block of lanes, with a quadrature of its own.</summary>
    private readonly struct Backward<TTableau, T> : IBlockWork
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public IBatchedDifferentiableSystem<T> System { get; init; }

        public Solution<T> Forward { get; init; }

        public PinnedSpan<T> DLdY { get; init; }

        public PinnedSpan<T> Y0 { get; init; }

        public SaveSchedule<T> Schedule { get; init; }

        public SolverOptions Options { get; init; }

        public T[] Initial { get; init; }

        public BlockSums<double> Sums { get; init; }

        public void Run(int block, int first, int count)
        {
            int n = System.StateSize, m = 2 * n;
            var backward = new Segments<TTableau, T>(new AugmentedSystem<T>(System), new ParameterQuadrature<T>(System, TTableau.Info), Options);
            var z = new T[count * m];
            SolverStats stats = BacksolveSweep.Run<T, Segments<TTableau, T>>(ref backward, z, m, Forward.States, DLdY.Span, Y0.Span, Schedule, first, count, n);
            for (int lane = 0; lane < count; lane++)
            {
                z.AsSpan((lane * m) + n, n).CopyTo(Initial.AsSpan((first + lane) * n, n));
            }

            Sums.Set(block, backward.Quadrature.Accumulated, stats with { Evaluations = stats.Evaluations + backward.Quadrature.Evaluations });
        }
    }

    /// <summary>
    /// Each backward segment solved by the batched integrator, with the parameter quadrature as its step recorder
    /// (a field, so that what it sums over the segments stays here).
    /// </summary>
    private struct Segments<TTableau, T>(AugmentedSystem<T> system, ParameterQuadrature<T> quadrature, SolverOptions options) : IBackwardSegment<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private AugmentedSystem<T> _system = system;

        public ParameterQuadrature<T> Quadrature = quadrature;

        public Solution<T> Solve(T[] z, SaveSchedule<T> segments) =>
            BatchIntegrator.Solve<T, TTableau, AugmentedSystem<T>, ParameterQuadrature<T>>(ref _system, z, segments, options, ref Quadrature);
    }

    /// <summary>[y, a]' = [−f, aᵀ∂f/∂y] in s = −t, evaluated for a batch of lanes.</summary>
    private readonly struct AugmentedSystem<T> : IBatchedOdeSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly IBatchedDifferentiableSystem<T> _system;

        public AugmentedSystem(IBatchedDifferentiableSystem<T> system) => _system = system;

        public int StateSize => 2 * _system.StateSize;

        public void Evaluate(T s, ReadOnlySpan<T> z, Span<T> dzds)
        {
            int n = _system.StateSize;
            _system.Evaluate(-s, z[..n], dzds[..n]);
            for (int c = 0; c < n; c++)
            {
                dzds[c] = -dzds[c];
            }

            Span<T> da = dzds.Slice(n, n);
            da.Clear();
            _system.Vjp(-s, z[..n], z.Slice(n, n), da, Span<T>.Empty);
        }

        public void EvaluateBatch(ReadOnlySpan<T> s, ReadOnlySpan<T> z, Span<T> dzds, int count, int stride)
        {
            int n = _system.StateSize, block = n * stride;
            // Rented per call (ArrayPool keeps a per-thread cache, so nothing is allocated after warm-up), never held: a
            // gradient nested in the system's own evaluation on this thread gets another array.
            T[] times = ArrayPool<T>.Shared.Rent(stride);
            try
            {
                Span<T> t = times.AsSpan(0, stride);
                for (int i = 0; i < count; i++)
                {
                    t[i] = -s[i];
                }

                Span<T> f = dzds[..block], da = dzds.Slice(block, block);
                for (int c = 0; c < n; c++)
                {
                    da.Slice(c * stride, count).Clear();
                }

                _system.EvaluateAndVjpBatch(t, z[..block], z.Slice(block, block), f, da, Span<T>.Empty, count, stride);
                for (int c = 0; c < n; c++)
                {
                    Span<T> row = f.Slice(c * stride, count);
                    for (int i = 0; i < row.Length; i++)
                    {
                        row[i] = -row[i];
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(times);
            }
        }
    }
}
