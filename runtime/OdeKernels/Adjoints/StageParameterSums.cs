using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// The parameter half of the continuous adjoint's stage evaluations, handed from the augmented [y, a] system (which
/// writes it) to <see cref="ParameterQuadrature{T}"/> (which reads it after the step). While a step is armed, the
/// evaluation of a stage j ≥ 1 with bⱼ ≠ 0 also sums Σᵢ hᵢ aᵢᵀ∂f/∂θ over the step's lanes here, in the same kernel
/// call that gives aᵀ∂f/∂y, so the quadrature need not evaluate f and its VJP at that stage a second time. The stage
/// is recognised by the buffer the step writes its derivative to, the workspace's stage block j: nothing else
/// (initial step, dense output) writes there. Stage 0 is evaluated outside the step, after the previous step was
/// accepted and before this step's h is known; on fixed steps of a method without FSAL (where the solver evaluates it
/// for exactly the next step's lanes, into block 0) its unweighted sum is kept too and weighted by the quadrature
/// once the step shows one h for every lane. FSAL methods and adaptive steps leave stage 0 to the quadrature.
/// </summary>
internal sealed class StageParameterSums<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[] _b;
    private readonly int _parameters;
    private readonly T[] _sums;
    private readonly bool[] _filled;
    private readonly double[] _weight;
    private readonly bool _captureFirst;
    private T[]? _stages;
    private T[]? _lastStages;
    private T[]? _stepSize;
    private int _firstCount = -1;
    private int _block;
    private int _count;

    /// <param name="tableau">The method of the backward solve.</param>
    /// <param name="parameterCount">The number of parameters.</param>
    /// <param name="fixedSteps">Whether the backward solve takes fixed steps (then stage 0 is kept too, unless the method has FSAL).</param>
    public StageParameterSums(TableauInfo tableau, int parameterCount, bool fixedSteps)
    {
        _captureFirst = fixedSteps && !tableau.IsFsal;
        _b = new double[tableau.Stages];
        for (int s = 0; s < _b.Length; s++)
        {
            _b[s] = tableau.B[s];
        }

        _parameters = parameterCount;
        // Rented (stages × parameters: megabytes for a convolutional field, per block and gradient); only a claimed
        // stage's sum is read, and Claim clears it first. Return gives it back.
        _sums = ArrayPool<T>.Shared.Rent(tableau.Stages * parameterCount);
        _filled = new bool[tableau.Stages];
        _weight = new double[tableau.Stages];
    }

    /// <summary>Returns the rented sums; nothing may be read after.</summary>
    public void Return() => ArrayPool<T>.Shared.Return(_sums);

    /// <summary>The step size of each lane of the armed step (the weight of its lane in the sums).</summary>
    public ReadOnlySpan<T> StepSize => _stepSize;

    /// <summary>Arms the step about to be evaluated: its stage buffer, stage block length, step sizes and lane count.</summary>
    public void Arm(T[] stages, int block, T[] stepSize, int count)
    {
        _stages = stages;
        _lastStages = stages;
        _block = block;
        _stepSize = stepSize;
        _count = count;
        Array.Clear(_filled, 1, _filled.Length - 1);
    }

    /// <summary>Stops recognising stages (the step has been evaluated); the sums stay readable until the next arm.</summary>
    public void Disarm() => _stages = null;

    /// <summary>
    /// Forgets stage 0's sum once the step it was kept for is done, so that a first stage the solver evaluates
    /// another way (for some lanes only, after a rejection) is never taken for a kept one.
    /// </summary>
    public void Consumed()
    {
        _filled[0] = false;
        _firstCount = -1;
    }

    /// <summary>Whether stage 0's unweighted sum was kept for exactly the <paramref name="count"/> lanes of the step.</summary>
    public bool FirstKept(int count) => _filled[0] && _firstCount == count;

    /// <summary>
    /// The stage j (≥ 1, bⱼ ≠ 0) of the armed step whose derivative is being written to <paramref name="dzds"/>
    /// for <paramref name="count"/> lanes, or 0 for a kept first stage (between steps), marked filled and its sum
    /// cleared; −1 when the evaluation is none of these.
    /// </summary>
    public int Claim(Span<T> dzds, int count)
    {
        if (dzds.IsEmpty)
        {
            return -1;
        }

        ref T target = ref MemoryMarshal.GetReference(dzds);
        if (_stages is null)
        {
            if (_captureFirst && _b[0] != 0 && _lastStages is not null && Unsafe.AreSame(ref target, ref _lastStages[0]))
            {
                _filled[0] = true;
                _firstCount = count;
                Sum(0).Clear();
                return 0;
            }

            return -1;
        }

        if (count != _count)
        {
            return -1;
        }

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
