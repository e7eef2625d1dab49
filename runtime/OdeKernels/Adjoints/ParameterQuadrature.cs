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
    private T[] _stageState;
    private T[] _weighted;
    private T[] _times;

    public ParameterQuadrature(IBatchedDifferentiableSystem<T> system, TableauInfo tableau)
    {
        _system = system;
        _tableau = tableau;
        _sum = new double[system.ParameterCount];
        _step = new T[system.ParameterCount];
        _stageState = Array.Empty<T>();
        _weighted = Array.Empty<T>();
        _times = Array.Empty<T>();
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

        int n = _system.StateSize, stride = step.Stride, block = step.StageBlock;
        if (_times.Length < stride)
        {
            _times = new T[stride];
            _stageState = new T[n * stride];
            _weighted = new T[n * stride];
        }

        _step.AsSpan().Clear();
        ReadOnlySpan<T> y = step.Y, stages = step.Stages;
        for (int s = 0; s < _tableau.Stages; s++)
        {
            double b = _tableau.B[s];
            if (b == 0)
            {
                continue;
            }

            T c = T.CreateTruncating(_tableau.C[s]), bT = T.CreateTruncating(b);
            for (int i = 0; i < active; i++)
            {
                T h = step.StepSize[i];
                _times[i] = -(step.Time[i] + (c * h));
                T w = ws.Accepted[i] ? h * bT : T.Zero;
                for (int comp = 0; comp < n; comp++)
                {
                    // The stage input of the [y, a] state: z + h Σⱼ aₛⱼ kⱼ, for its y (comp) and a (n + comp) parts.
                    T yi = y[(comp * stride) + i], ai = y[((n + comp) * stride) + i];
                    for (int j = 0; j < s; j++)
                    {
                        double a = _tableau.GetA(s, j);
                        if (a != 0)
                        {
                            T ha = h * T.CreateTruncating(a);
                            yi += ha * stages[(j * block) + (comp * stride) + i];
                            ai += ha * stages[(j * block) + ((n + comp) * stride) + i];
                        }
                    }

                    _stageState[(comp * stride) + i] = yi;
                    _weighted[(comp * stride) + i] = w * ai;
                }
            }

            _system.VjpBatch(_times, _stageState, _weighted, Span<T>.Empty, _step, active, stride);
            Evaluations += active;
        }

        for (int k = 0; k < _sum.Length; k++)
        {
            _sum[k] += double.CreateTruncating(_step[k]);
        }
    }
}
