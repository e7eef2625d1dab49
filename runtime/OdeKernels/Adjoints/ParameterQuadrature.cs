using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// Integrates a_θ along the backward solve with each step's own weights: after every batched step,
/// a_θ += Σ over accepted lanes of h Σₛ bₛ aₛᵀ∂f/∂θ(tₛ, yₛ). Stages j ≥ 1 come summed over the step's lanes from the
/// step's own evaluations (<see cref="StageParameterSums{T}"/>: the augmented system's VJP returns aᵀ∂f/∂θ in the
/// same kernel call as aᵀ∂f/∂y); so that only accepted steps count, the lanes whose step was rejected are then
/// recomputed and subtracted, or, where they outnumber the accepted ones, the stage is summed over the accepted lanes
/// afresh. Stage 0 is evaluated before the step's h is known: on fixed steps its unweighted sum is kept and weighted
/// here; otherwise it, and any stage that was not summed, is computed here over the accepted lanes. Whatever a step
/// leaves to recompute goes through one batched VJP, the stage inputs rebuilt from the step's stage derivatives. Every sum
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
    // The (stage, slot, weight) items a step leaves to Sum, in the order they are queued.
    private readonly List<(int Stage, int Slot, double Weight)> _work;

    /// <param name="system">The dynamics.</param>
    /// <param name="tableau">The method of the backward solve.</param>
    /// <param name="fused">Where the augmented system leaves the stages' parameter sums; null to compute every stage here.</param>
    public ParameterQuadrature(IBatchedDifferentiableSystem<T> system, TableauInfo tableau, StageParameterSums<T>? fused)
    {
        _system = system;
        _tableau = tableau;
        _fused = fused;
        // Rented: a block's gradient would otherwise allocate (and the OS zero) a parameter-sized pair per call, megabytes
        // a training step for a convolutional field; Return gives them back once the block's sum is recorded.
        _sum = ArrayPool<double>.Shared.Rent(system.ParameterCount);
        _part = ArrayPool<T>.Shared.Rent(system.ParameterCount);
        _sum.AsSpan(0, system.ParameterCount).Clear();
        _lanes = [];
        _work = [];
        Evaluations = 0;
    }

    /// <summary>The accumulated dL/dθ.</summary>
    public readonly ReadOnlySpan<double> Accumulated => _sum.AsSpan(0, _system.ParameterCount);

    /// <summary>Returns the rented sums; <see cref="Accumulated"/> must not be read after.</summary>
    public readonly void Return()
    {
        ArrayPool<double>.Shared.Return(_sum);
        ArrayPool<T>.Shared.Return(_part);
    }

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

        // What the step's own evaluations did not sum is recomputed here, all of it in one batched VJP: a stage the
        // step summed over every lane counts minus its rejected lanes, unless more lanes were rejected than accepted
        // (lanes of a block tend to be rejected together: a step where 12 of 16 lanes fall back is common), where
        // summing the accepted lanes again is the cheaper way to the same sum.
        _work.Clear();
        for (int s = 0; s < _tableau.Stages; s++)
        {
            double b = _tableau.B[s];
            if (b == 0)
            {
                continue;
            }

            if (_fused is not null && (s == 0 ? firstKept : _fused.Filled(s)) && rejected <= accepted)
            {
                Add(b * _fused.Weight(s), _fused.Sum(s));
                Queue(s, -b, _lanes.AsSpan(active, rejected));
            }
            else
            {
                Queue(s, b, _lanes.AsSpan(0, accepted));
            }
        }

        if (_work.Count > 0)
        {
            Sum(in step, ws);
            Add(1.0, _part.AsSpan(0, _system.ParameterCount));
        }
    }

    /// <summary>Queues stage <paramref name="stage"/> of every slot in <paramref name="slots"/> with <paramref name="weight"/>.</summary>
    private readonly void Queue(int stage, double weight, ReadOnlySpan<int> slots)
    {
        foreach (int slot in slots)
        {
            _work.Add((stage, slot, weight));
        }
    }

    private readonly void Add(double weight, ReadOnlySpan<T> part)
    {
        for (int k = 0; k < part.Length; k++)
        {
            _sum[k] += weight * double.CreateTruncating(part[k]);
        }
    }

    /// <summary>
    /// Σ over the queued (stage, slot, weight) items of weight · hᵢ aᵢᵀ∂f/∂θ at that stage of that slot, into
    /// <c>_part</c>: each item's stage input z + h Σⱼ aₛⱼ kⱼ (the [y, a] state) gathered into a column of its own, its
    /// cotangent scaled by weight · h, and one batched VJP over all the columns (the kernels fill their vectors of lanes
    /// with items of every stage, where one call per stage would leave most of a vector empty).
    /// </summary>
    private void Sum(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws)
    {
        int n = _system.StateSize, stride = step.Stride, block = step.StageBlock, rows = 2 * n, m = _work.Count;
        T[] times = ws.Extra(0, m), stageState = ws.Extra(2, rows * m), weighted = ws.Extra(3, n * m);
        ReadOnlySpan<T> y = step.Y, k = step.Stages, h = step.StepSize;
        for (int g = 0; g < m; g++)
        {
            (int stage, int i, double weight) = _work[g];
            T c = T.CreateTruncating(_tableau.C[stage]);
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

                stageState[(r * m) + g] = any ? v + (h[i] * sum) : v;
            }

            T scale = T.CreateTruncating(weight) * h[i];
            for (int r = 0; r < n; r++)
            {
                weighted[(r * m) + g] = scale * stageState[((n + r) * m) + g];
            }
        }

        Span<T> part = _part.AsSpan(0, _system.ParameterCount);
        part.Clear();
        _system.VjpBatch(times, stageState, weighted, Span<T>.Empty, part, m, m);
        Evaluations += m;
    }
}
