using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// Integrates a_θ along the backward solve with each step's own weights: after every batched step,
/// a_θ += Σ over accepted lanes of h Σᵢ bᵢ aᵢᵀ∂f/∂θ(tᵢ, yᵢ), the stage inputs rebuilt from the step's stage
/// derivatives. Each stage is one batched VJP that sums over lanes (rejected lanes get weight 0). Sums are kept in
/// double so that thousands of float32 steps do not lose the small late contributions.
/// </summary>
internal struct ParameterQuadrature<T> : IStepRecorder<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBatchedDifferentiableSystem<T> _system;
    private readonly TableauInfo _tableau;
    private readonly double[] _sum;
    private readonly T[] _step;

    public ParameterQuadrature(IBatchedDifferentiableSystem<T> system, TableauInfo tableau)
    {
        _system = system;
        _tableau = tableau;
        _sum = new double[system.ParameterCount];
        _step = new T[system.ParameterCount];
        Evaluations = 0;
    }

    /// <summary>The accumulated dL/dθ.</summary>
    public readonly ReadOnlySpan<double> Accumulated => _sum;

    /// <summary>The VJP evaluations spent, counted per lane.</summary>
    public long Evaluations { get; private set; }

    public void Stepped(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active)
    {
        bool any = false;
        for (int i = 0; i < active && !any; i++)
        {
            any = ws.Accepted[i];
        }

        if (!any)
        {
            return;
        }

        int n = _system.StateSize, stride = step.Stride, block = step.StageBlock, rows = 2 * n;
        T[] times = ws.Extra(0, stride), laneWeight = ws.Extra(1, stride), stageState = ws.Extra(2, rows * stride), weighted = ws.Extra(3, n * stride);

        // The step's weight per lane: h where the step was accepted, 0 where it was rejected.
        for (int i = 0; i < active; i++)
        {
            laneWeight[i] = ws.Accepted[i] ? step.StepSize[i] : T.Zero;
        }

        _step.AsSpan().Clear();
        for (int s = 0; s < _tableau.Stages; s++)
        {
            double b = _tableau.B[s];
            if (b == 0)
            {
                continue;
            }

            T c = T.CreateTruncating(_tableau.C[s]);
            for (int i = 0; i < active; i++)
            {
                times[i] = -(step.Time[i] + (c * step.StepSize[i]));
            }

            // The stage input of the [y, a] state, z + h Σⱼ aₛⱼ kⱼ, rebuilt from the step's stage derivatives.
            for (int r = 0; r < rows; r++)
            {
                step.Y.Slice(r * stride, active).CopyTo(stageState.AsSpan(r * stride, active));
            }

            for (int j = 0; j < s; j++)
            {
                double a = _tableau.GetA(s, j);
                if (a != 0)
                {
                    LaneOps.AddScaledByStep<T>(step.StepSize, T.CreateTruncating(a), step.Stages.Slice(j * block, block), stageState, rows, active, stride);
                }
            }

            LaneOps.SetScaledByStep<T>(laneWeight, T.CreateTruncating(b), stageState.AsSpan(n * stride), weighted, n, active, stride);
            _system.VjpBatch(times, stageState, weighted, Span<T>.Empty, _step, active, stride);
            Evaluations += active;
        }

        for (int k = 0; k < _sum.Length; k++)
        {
            _sum[k] += double.CreateTruncating(_step[k]);
        }
    }
}
