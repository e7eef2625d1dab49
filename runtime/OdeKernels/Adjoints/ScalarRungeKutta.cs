using System;
using System.Numerics;

namespace OdeKernels.Adjoints;

/// <summary>
/// One lane's explicit Runge-Kutta step from a tableau's coefficients, doing the generated step's operations in the
/// same order (zero coefficients skipped, Σ aⱼkⱼ summed left to right, then y + h·Σ) so that the recomputed stages
/// equal the forward pass's bit for bit, and its reverse-mode derivative with the step size held fixed.
/// </summary>
internal sealed class ScalarRungeKutta<TSystem, T>
    where TSystem : IDifferentiableSystem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TSystem _system;
    private readonly int _stages;
    private readonly int _n;

    // The coefficients copied out of TableauInfo's read-only lists once: read per stage and step, the interface
    // calls cost more than the arithmetic of a small system. Dense A, row-major, zero on and above the diagonal.
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly double[] _c;

    // Stages that can reach the step's result (bᵢ ≠ 0, or a live later stage built from them): an FSAL last stage
    // cannot, so its recomputation and its VJP (which would only add zeros) are skipped.
    private readonly bool[] _live;
    private readonly T[] _stageStates;
    private readonly T[] _stageDerivatives;
    private readonly T[] _stageBars;
    private readonly T[] _yBar;

    public ScalarRungeKutta(TSystem system, TableauInfo tableau)
    {
        _system = system;
        _stages = tableau.Stages;
        _n = system.StateSize;
        int s = _stages;
        _a = new double[s * s];
        _b = new double[s];
        _c = new double[s];
        _live = new bool[s];
        for (int i = 0; i < s; i++)
        {
            _b[i] = tableau.B[i];
            _c[i] = tableau.C[i];
            for (int j = 0; j < i; j++)
            {
                _a[(i * s) + j] = tableau.GetA(i, j);
            }
        }

        for (int i = s - 1; i >= 0; i--)
        {
            _live[i] = _b[i] != 0;
            for (int j = i + 1; j < s && !_live[i]; j++)
            {
                _live[i] = _live[j] && _a[(j * s) + i] != 0;
            }

            LiveStages += _live[i] ? 1 : 0;
        }

        _stageStates = new T[tableau.Stages * _n];
        _stageDerivatives = new T[tableau.Stages * _n];
        _stageBars = new T[tableau.Stages * _n];
        _yBar = new T[_n];
    }

    public int Stages => _stages;

    /// <summary>The stages recomputed and differentiated per reversed step (those that can reach the result).</summary>
    public int LiveStages { get; }

    /// <summary>
    /// Given ȳ' (the cotangent of the step's result) in <paramref name="bar"/>, replaces it with ȳ (the cotangent of
    /// the step's start <paramref name="y"/>) and adds the step's contribution to <paramref name="parameterBar"/>.
    /// </summary>
    public void Reverse(double t, double h, ReadOnlySpan<T> y, Span<T> bar, Span<T> parameterBar)
    {
        ComputeStages(t, h, y);
        int s = _stages, n = _n;
        T hT = T.CreateTruncating(h), tT = T.CreateTruncating(t);
        for (int i = 0; i < s; i++)
        {
            T w = hT * T.CreateTruncating(_b[i]);
            for (int c = 0; c < n; c++)
            {
                _stageBars[(i * n) + c] = w * bar[c];
            }
        }

        // bar keeps ȳ' and gathers every stage's contribution: y feeds each stage state with weight 1.
        for (int i = s - 1; i >= 0; i--)
        {
            if (!_live[i])
            {
                continue;
            }

            Span<T> kBar = _stageBars.AsSpan(i * n, n);
            for (int c = 0; c < n; c++)
            {
                _yBar[c] = T.Zero;
            }

            T ti = tT + (T.CreateTruncating(_c[i]) * hT);
            _system.Vjp(ti, _stageStates.AsSpan(i * n, n), kBar, _yBar, parameterBar);
            for (int c = 0; c < n; c++)
            {
                bar[c] += _yBar[c];
            }

            for (int j = 0; j < i; j++)
            {
                double a = _a[(i * s) + j];
                if (a == 0 || !_live[j])
                {
                    continue;
                }

                T w = hT * T.CreateTruncating(a);
                for (int c = 0; c < n; c++)
                {
                    _stageBars[(j * n) + c] += w * _yBar[c];
                }
            }
        }
    }

    private void ComputeStages(double t, double h, ReadOnlySpan<T> y)
    {
        int s = _stages, n = _n;
        T hT = T.CreateTruncating(h), tT = T.CreateTruncating(t);
        for (int i = 0; i < s; i++)
        {
            if (!_live[i])
            {
                continue;
            }

            Span<T> yi = _stageStates.AsSpan(i * n, n);
            Combine(y, hT, _a.AsSpan(i * s, s), _stageDerivatives, yi);
            _system.Evaluate(tT + (T.CreateTruncating(_c[i]) * hT), yi, _stageDerivatives.AsSpan(i * n, n));
        }
    }

    /// <summary>out = y + h·(Σ wⱼkⱼ over non-zero wⱼ, left to right), the generated kernels' operation order.</summary>
    private void Combine(ReadOnlySpan<T> y, T h, ReadOnlySpan<double> weights, T[] stages, Span<T> output)
    {
        int n = _n;
        for (int c = 0; c < n; c++)
        {
            bool any = false;
            T sum = T.Zero;
            for (int j = 0; j < weights.Length; j++)
            {
                double w = weights[j];
                if (w == 0)
                {
                    continue;
                }

                T term = w == 1.0 ? stages[(j * n) + c] : T.CreateTruncating(w) * stages[(j * n) + c];
                sum = any ? sum + term : term;
                any = true;
            }

            output[c] = any ? y[c] + (h * sum) : y[c];
        }
    }
}
