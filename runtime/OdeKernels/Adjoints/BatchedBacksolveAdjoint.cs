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
    public static Gradient<T> Run<TTableau, T>(IBatchedDifferentiableSystem<T> system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ref Cotangents<T> cotangents, SolverOptions options)
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Solution<T> forward = Ode.Solve(system, default(TTableau), y0, saveAt, options);
        ReadOnlySpan<T> dLdY = cotangents.Resolve(forward);
        int n = system.StateSize, p = system.ParameterCount, lanes = forward.Lanes, saves = saveAt.Length, m = 2 * n;
        var augmented = new AugmentedSystem<T>(system);
        var quadrature = new ParameterQuadrature<T>(system, TTableau.Info);
        var z = new T[lanes * m];
        ReadOnlySpan<T> states = forward.States;
        for (int lane = 0; lane < lanes; lane++)
        {
            int at = (((saves - 1) * lanes) + lane) * n;
            states.Slice(at, n).CopyTo(z.AsSpan(lane * m, n));
            dLdY.Slice(at, n).CopyTo(z.AsSpan((lane * m) + n, n));
        }

        long evaluations = 0, accepted = 0, rejected = 0;
        var segment = new T[2];
        for (int j = saves - 1; j >= 1; j--)
        {
            segment[0] = -saveAt[j];
            segment[1] = -saveAt[j - 1];
            Solution<T> back;
            try
            {
                back = BatchIntegrator.Solve<T, TTableau, AugmentedSystem<T>, ParameterQuadrature<T>>(ref augmented, z, segment, options, ref quadrature);
            }
            catch (OdeSolveException e)
            {
                throw new OdeSolveException(e.Lane, -e.Time, $"Backsolve adjoint: lane {e.Lane} failed integrating backwards at t = {-e.Time:R}: {e.Message}");
            }

            evaluations += back.Stats.Evaluations;
            accepted += back.Stats.AcceptedSteps;
            rejected += back.Stats.RejectedSteps;
            back.States.Slice(lanes * m, lanes * m).CopyTo(z);
            for (int lane = 0; lane < lanes; lane++)
            {
                int at = (((j - 1) * lanes) + lane) * n;
                states.Slice(at, n).CopyTo(z.AsSpan(lane * m, n));
                Span<T> a = z.AsSpan((lane * m) + n, n);
                for (int c = 0; c < n; c++)
                {
                    a[c] += dLdY[at + c];
                }
            }
        }

        var initial = new T[lanes * n];
        for (int lane = 0; lane < lanes; lane++)
        {
            z.AsSpan((lane * m) + n, n).CopyTo(initial.AsSpan(lane * n, n));
        }

        var parameters = new T[p];
        for (int k = 0; k < p; k++)
        {
            parameters[k] = T.CreateTruncating(quadrature.Accumulated[k]);
        }

        return new Gradient<T>(parameters, initial, forward, new SolverStats(evaluations + quadrature.Evaluations, accepted, rejected), cotangents.Loss);
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
