using System;
using System.Buffers;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// The continuous adjoint for batched differentiable systems. The backward state is [y, a] per lane (2n values),
/// integrated in s = −t by the same batched integrator and generated step as the forward solve; the parameter
/// cotangent a_θ, which no other component depends on, is not carried as 252-odd extra states per lane but
/// integrated by the step's own quadrature after each step: a_θ += h Σ bᵢ aᵢᵀ∂f/∂θ(tᵢ, yᵢ) over the accepted lanes.
/// That is the same rule RK applies to the a_θ component of the augmented system; a_θ just takes no part in the
/// error control. The stages the step evaluates itself return their share of that sum from the same VJP call that
/// gives aᵀ∂f/∂y (<see cref="StageParameterSums{T}"/>), so the quadrature evaluates f and its VJP again only at the
/// first stage and for the lanes whose step was rejected (<see cref="ParameterQuadrature{T}"/>).
/// </summary>
internal static class BatchedBacksolveAdjoint
{
    /// <summary>The gradient of the loss that <paramref name="cotangents"/> describes, by the continuous adjoint.</summary>
    /// <param name="system">The dynamics.</param>
    /// <param name="y0">The initial states, lane after lane.</param>
    /// <param name="schedule">The save times.</param>
    /// <param name="cotangents">The loss and its gradient with respect to the saved states.</param>
    /// <param name="options">The forward and backward solves' options.</param>
    /// <param name="fuseStages">
    /// Whether the step's stage evaluations also return the parameter sums (the default); false computes every stage's
    /// share in the quadrature (the reference the tests compare the fused sums with).
    /// </param>
    /// <param name="solved">
    /// The forward solution when the caller has already solved forward with the same system, states, save times and
    /// options (<see cref="Ode.BacksolveAfter"/>); null solves it here.
    /// </param>
    public static unsafe Gradient<T> Run<TTableau, T>(IBatchedDifferentiableSystem<T> system, ReadOnlySpan<T> y0, SaveSchedule<T> schedule, ref Cotangents<T> cotangents, SolverOptions options, bool fuseStages = true, Solution<T>? solved = null)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Solution<T> forward = solved ?? Ode.SolveScheduled<IBatchedDifferentiableSystem<T>, TTableau, T>(system, y0, schedule, options);
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
                FuseStages = fuseStages,
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

        public bool FuseStages { get; init; }

        public void Run(int block, int first, int count)
        {
            int n = System.StateSize, m = 2 * n;
            StageParameterSums<T>? fused = FuseStages ? new StageParameterSums<T>(TTableau.Info, System.ParameterCount, Options.FixedStep is not null) : null;
            var backward = new Segments<TTableau, T>(new AugmentedSystem<T>(System, fused), new ParameterQuadrature<T>(System, TTableau.Info, fused), Options);
            try
            {
                var z = new T[count * m];
                SolverStats stats = BacksolveSweep.Run<T, Segments<TTableau, T>>(ref backward, z, m, Forward.States, DLdY.Span, Y0.Span, Schedule, first, count, n);
                for (int lane = 0; lane < count; lane++)
                {
                    z.AsSpan((lane * m) + n, n).CopyTo(Initial.AsSpan((first + lane) * n, n));
                }

                Sums.Set(block, backward.Quadrature.Accumulated, stats with { Evaluations = stats.Evaluations + backward.Quadrature.Evaluations });
            }
            finally
            {
                backward.Quadrature.Return();
                fused?.Return();
            }
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

    /// <summary>
    /// [y, a]' = [−f, aᵀ∂f/∂y] in s = −t, evaluated for a batch of lanes; at a stage that <paramref name="fused"/>
    /// claims, the same VJP call also sums Σᵢ hᵢ aᵢᵀ∂f/∂θ for the quadrature.
    /// </summary>
    private readonly struct AugmentedSystem<T>(IBatchedDifferentiableSystem<T> system, StageParameterSums<T>? fused) : IBatchedOdeSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly IBatchedDifferentiableSystem<T> _system = system;
        private readonly StageParameterSums<T>? _fused = fused;

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
            int stage = _fused?.Claim(dzds, count) ?? -1;
            // A kept first stage is summed unweighted (its step's h is not known yet); the quadrature weighs it.
            ReadOnlySpan<T> h = stage <= 0 ? default : _fused!.StepSize[..count];
            bool uniform = stage == 0 || (stage > 0 && !h.ContainsAnyExcept(h[0]));
            T[] times = ArrayPool<T>.Shared.Rent(stride);
            T[]? scaled = stage < 0 || uniform ? null : ArrayPool<T>.Shared.Rent(block);
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

                if (uniform)
                {
                    // One step size for every lane (fixed steps): the sum is weighted once, after the kernel.
                    _fused!.Weigh(stage, stage == 0 ? 1 : double.CreateTruncating(h[0]));
                    _system.EvaluateAndVjpBatch(t, z[..block], z.Slice(block, block), f, da, _fused.Sum(stage), count, stride);
                }
                else if (scaled is null)
                {
                    _system.EvaluateAndVjpBatch(t, z[..block], z.Slice(block, block), f, da, Span<T>.Empty, count, stride);
                }
                else
                {
                    // The kernel sums aᵀ∂f/∂θ over lanes unweighted, so each lane's weight h enters through its cotangent
                    // (the VJP is linear in it) and leaves aᵀ∂f/∂y again by one division: a rounding-level change of
                    // the a-derivative, lane by lane, for a stage VJP saved.
                    ReadOnlySpan<T> a = z.Slice(block, block);
                    _fused!.Weigh(stage, 1);
                    for (int c = 0; c < n; c++)
                    {
                        int row = c * stride;
                        for (int i = 0; i < count; i++)
                        {
                            scaled[row + i] = h[i] * a[row + i];
                        }
                    }

                    _system.EvaluateAndVjpBatch(t, z[..block], scaled.AsSpan(0, block), f, da, _fused.Sum(stage), count, stride);
                    for (int c = 0; c < n; c++)
                    {
                        int row = c * stride;
                        for (int i = 0; i < count; i++)
                        {
                            da[row + i] /= h[i];
                        }
                    }
                }

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
                if (scaled is not null)
                {
                    ArrayPool<T>.Shared.Return(scaled);
                }
            }
        }
    }
}
