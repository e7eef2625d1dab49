using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// Integrates a_θ along the backward solve with each step's own weights: after every batched step,
/// a_θ += Σ over accepted lanes of h Σₛ bₛ aₛᵀ∂f/∂θ(tₛ, yₛ). Stages j ≥ 1 come summed over the step's lanes from the
/// step's own evaluations (<see cref="StageParameterSums{T}"/>: the augmented system's VJP returns aᵀ∂f/∂θ in the
/// same kernel call as aᵀ∂f/∂y); lanes whose step was rejected are then recomputed alone and subtracted, so only
/// accepted steps count. Stage 0 is evaluated before the step's h is known: on fixed steps its unweighted sum is kept
/// and weighted here; otherwise it, and any stage that was not summed, is computed here over the accepted lanes, the
/// stage inputs rebuilt from the step's stage derivatives. Every sum
/// runs over the block's own lanes in slot order, so the result does not depend on timing or thread count. Sums are
/// kept in double so that thousands of float32 steps do not lose the small late contributions.
/// </summary>
internal struct ParameterQuadrature<T> : IStepRecorder<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBatchedDifferentiableSystem<T> _system;
    private readonly TableauInfo _tableau;
    private readonly StageParameterSums<T>? _fused;
    private readonly double[] _sum;
    private readonly T[] _part;
    private int[] _lanes;

    /// <param name="system">The dynamics.</param>
    /// <param name="tableau">The method of the backward solve.</param>
    /// <param name="fused">Where the augmented system leaves the stages' parameter sums; null to compute every stage here.</param>
    public ParameterQuadrature(IBatchedDifferentiableSystem<T> system, TableauInfo tableau, StageParameterSums<T>? fused)
    {
        _system = system;
        _tableau = tableau;
        _fused = fused;
        _sum = new double[system.ParameterCount];
        _part = new T[system.ParameterCount];
        _lanes = [];
        Evaluations = 0;
    }

    /// <summary>The accumulated dL/dθ.</summary>
    public readonly ReadOnlySpan<double> Accumulated => _sum;

    /// <summary>The VJP evaluations spent here (beyond the step's own), counted per lane.</summary>
    public long Evaluations { get; private set; }

    public readonly void Stepping(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active) =>
        _fused?.Arm(ws.Stages, step.StageBlock, ws.StepT, active);

    public void Stepped(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active)
    {
        _fused?.Disarm();
        if (_lanes.Length < 2 * active)
        {
            _lanes = new int[2 * active];
        }

        // Accepted slots from the front, rejected ones from the back, each in slot order.
        int accepted = 0, rejected = 0;
        for (int i = 0; i < active; i++)
        {
            if (ws.Accepted[i])
            {
                _lanes[accepted++] = i;
            }
            else
            {
                _lanes[active + rejected++] = i;
            }
        }

        // A kept first stage counts only where its step shows one h for every lane (its weight is applied here).
        bool firstKept = _fused is not null && _fused.FirstKept(active) && !step.StepSize[..active].ContainsAnyExcept(step.StepSize[0]);
        if (firstKept)
        {
            _fused!.Weigh(0, double.CreateTruncating(step.StepSize[0]));
        }

        _fused?.Consumed();
        if (accepted == 0)
        {
            return;
        }

        for (int s = 0; s < _tableau.Stages; s++)
        {
            double b = _tableau.B[s];
            if (b == 0)
            {
                continue;
            }

            if (_fused is not null && (s == 0 ? firstKept : _fused.Filled(s)))
            {
                Add(b * _fused.Weight(s), _fused.Sum(s));
                if (rejected > 0)
                {
                    Sum(in step, ws, s, _lanes.AsSpan(active, rejected));
                    Add(-b, _part);
                }
            }
            else
            {
                Sum(in step, ws, s, _lanes.AsSpan(0, accepted));
                Add(b, _part);
            }
        }
    }

    private readonly void Add(double weight, ReadOnlySpan<T> part)
    {
        for (int k = 0; k < _sum.Length; k++)
        {
            _sum[k] += weight * double.CreateTruncating(part[k]);
        }
    }

    /// <summary>
    /// Σ over <paramref name="slots"/> of hᵢ aᵢᵀ∂f/∂θ at stage <paramref name="stage"/> into <c>_part</c>: the slots'
    /// stage inputs z + h Σⱼ aₛⱼ kⱼ (the [y, a] state) gathered into the first columns and one batched VJP.
    /// </summary>
    private void Sum(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int stage, ReadOnlySpan<int> slots)
    {
        int n = _system.StateSize, stride = step.Stride, block = step.StageBlock, rows = 2 * n, m = slots.Length;
        T[] times = ws.Extra(0, stride), stageState = ws.Extra(2, rows * stride), weighted = ws.Extra(3, n * stride);
        T c = T.CreateTruncating(_tableau.C[stage]);
        ReadOnlySpan<T> y = step.Y, k = step.Stages, h = step.StepSize;
        for (int g = 0; g < m; g++)
        {
            int i = slots[g];
            times[g] = -(step.Time[i] + (c * h[i]));
            for (int r = 0; r < rows; r++)
            {
                // The generated step's arithmetic, y + h (Σⱼ aₛⱼ kⱼ) summed in j order, so that a lane's stage input is
                // the one it was evaluated at and a rejected lane's recomputed share is the share the step summed.
                T v = y[(r * stride) + i];
                bool any = false;
                T sum = T.Zero;
                for (int j = 0; j < stage; j++)
                {
                    double a = _tableau.GetA(stage, j);
                    if (a != 0)
                    {
                        T term = T.CreateTruncating(a) * k[(j * block) + (r * stride) + i];
                        sum = any ? sum + term : term;
                        any = true;
                    }
                }

                stageState[(r * stride) + g] = any ? v + (h[i] * sum) : v;
            }

            for (int r = 0; r < n; r++)
            {
                weighted[(r * stride) + g] = h[i] * stageState[((n + r) * stride) + g];
            }
        }

        _part.AsSpan().Clear();
        _system.VjpBatch(times, stageState, weighted, Span<T>.Empty, _part, m, stride);
        Evaluations += m;
    }
}
