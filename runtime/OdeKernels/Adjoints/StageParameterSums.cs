using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// The parameter half of the continuous adjoint's stage evaluations, handed from the augmented [y, a] system (which
/// writes it) to <see cref="ParameterQuadrature{T}"/> (which reads it after the step). While a step is armed, the
/// evaluation of a stage j ≥ 1 with bⱼ ≠ 0 also sums Σᵢ hᵢ aᵢᵀ∂f/∂θ over the step's lanes here, in the same kernel
/// call that gives aᵀ∂f/∂y, so the quadrature need not evaluate f and its VJP at that stage a second time. Stage 0
/// is evaluated outside the step (after the previous step was accepted, before this step's h is known) and so is
/// never armed. The stage is recognised by the buffer the step writes its derivative to, which is the workspace's
/// stage block j: nothing else (initial step, dense output, first stage) writes there.
/// </summary>
internal sealed class StageParameterSums<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[] _b;
    private readonly int _parameters;
    private readonly T[] _sums;
    private readonly bool[] _filled;
    private readonly double[] _weight;
    private T[]? _stages;
    private T[]? _stepSize;
    private int _block;
    private int _count;

    public StageParameterSums(TableauInfo tableau, int parameterCount)
    {
        _b = new double[tableau.Stages];
        for (int s = 0; s < _b.Length; s++)
        {
            _b[s] = tableau.B[s];
        }

        _parameters = parameterCount;
        _sums = new T[tableau.Stages * parameterCount];
        _filled = new bool[tableau.Stages];
        _weight = new double[tableau.Stages];
    }

    /// <summary>The step size of each lane of the armed step (the weight of its lane in the sums).</summary>
    public ReadOnlySpan<T> StepSize => _stepSize;

    /// <summary>Arms the step about to be evaluated: its stage buffer, stage block length, step sizes and lane count.</summary>
    public void Arm(T[] stages, int block, T[] stepSize, int count)
    {
        _stages = stages;
        _block = block;
        _stepSize = stepSize;
        _count = count;
        Array.Clear(_filled);
    }

    /// <summary>Stops recognising stages (the step has been evaluated); the sums stay readable until the next arm.</summary>
    public void Disarm() => _stages = null;

    /// <summary>
    /// The stage j (≥ 1, bⱼ ≠ 0) of the armed step whose derivative is being written to <paramref name="dzds"/>
    /// for <paramref name="count"/> lanes, marked filled and its sum cleared, or −1 when the evaluation is none.
    /// </summary>
    public int Claim(Span<T> dzds, int count)
    {
        if (_stages is null || count != _count || dzds.IsEmpty)
        {
            return -1;
        }

        ref T target = ref MemoryMarshal.GetReference(dzds);
        for (int j = 1; j < _b.Length; j++)
        {
            if (_b[j] != 0 && Unsafe.AreSame(ref target, ref _stages[j * _block]))
            {
                _filled[j] = true;
                Sum(j).Clear();
                return j;
            }
        }

        return -1;
    }

    /// <summary>
    /// Sets the factor that <see cref="Sum"/> of <paramref name="stage"/> still needs: the common h when the lanes'
    /// weights were left out of the kernel call, 1 when each lane's h entered through its cotangent.
    /// </summary>
    public void Weigh(int stage, double weight) => _weight[stage] = weight;

    /// <summary>The factor set by <see cref="Weigh"/>.</summary>
    public double Weight(int stage) => _weight[stage];

    /// <summary>Whether stage <paramref name="stage"/> of the last armed step was summed here.</summary>
    public bool Filled(int stage) => _filled[stage];

    /// <summary>
    /// Σᵢ hᵢ aᵢᵀ∂f/∂θ of stage <paramref name="stage"/> over every lane of the last armed step, once multiplied by
    /// <see cref="Weight"/>.
    /// </summary>
    public Span<T> Sum(int stage) => _sums.AsSpan(stage * _parameters, _parameters);
}
