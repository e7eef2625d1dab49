using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// Reverses one Runge-Kutta step of up to <c>lanes</c> lanes with the tableau's generated code: stage 1 is evaluated
/// at the step's start, the other stages are recomputed by the generated <see cref="IRungeKuttaTableau.Step"/> (the
/// forward pass's arithmetic, so the forward pass's stages bit for bit) and the generated
/// <see cref="IRungeKuttaTableau.ReverseStep"/> turns ȳ′ into ȳ and adds the parameter cotangent. Owns the step's
/// scratch (component-major, stride <c>lanes</c>). Serves the lockstep reverser of batched systems and, one lane at
/// a time, the discrete adjoint of hand-written ones, so the reverse step is written once, by the generator.
/// </summary>
internal sealed class ReverseStepper<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n;
    private readonly int _stride;
    private readonly T[] _yNew;
    private readonly T[] _stages;
    private readonly T[] _stageState;
    private readonly T[] _stageTime;
    private readonly T[] _stageBars;
    private readonly T[] _cotangent;

    public ReverseStepper(int stateSize, int lanes, int stages)
    {
        _n = stateSize;
        _stride = lanes;
        _yNew = new T[stateSize * lanes];
        _stageState = new T[stateSize * lanes];
        _cotangent = new T[stateSize * lanes];
        _stages = new T[stages * stateSize * lanes];
        _stageBars = new T[stages * stateSize * lanes];
        _stageTime = new T[lanes];
        Time = new T[lanes];
        StepSize = new T[lanes];
        Stages = stages;
    }

    /// <summary>Each lane's time at the start of the step to reverse.</summary>
    public T[] Time { get; }

    /// <summary>Each lane's step size.</summary>
    public T[] StepSize { get; }

    /// <summary>The tableau's number of stages.</summary>
    public int Stages { get; }

    /// <summary>
    /// The right-hand-side and VJP evaluations a reversed step is charged per lane in the backward stats: s to
    /// recompute the stages, s for their VJPs (stages that cannot reach the result skip theirs, so this bounds it).
    /// </summary>
    public int EvaluationsPerStep => 2 * Stages;

    /// <summary>
    /// Reverses the step of the first <paramref name="count"/> lanes from <paramref name="y"/> (at <see cref="Time"/>,
    /// with <see cref="StepSize"/>): on entry <paramref name="bar"/> holds ȳ′, on return ȳ; the step's aᵀ∂f/∂θ is added
    /// to <paramref name="parameters"/>. <paramref name="y"/> and <paramref name="bar"/> have the stepper's stride.
    /// </summary>
    public void Reverse<TTableau, TSystem>(ref TSystem system, ReadOnlySpan<T> y, Span<T> bar, Span<T> parameters, int count)
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : struct, IBatchedDifferentiableSystem<T>
    {
        var step = new RungeKuttaStep<T>
        {
            StateSize = _n,
            Count = count,
            Stride = _stride,
            Time = Time,
            StepSize = StepSize,
            Y = y,
            Stages = _stages,
            StageState = _stageState,
            StageTime = _stageTime,
            YNew = _yNew,
            ErrorSquares = default,
        };
        system.EvaluateBatch(Time, y, _stages.AsSpan(0, _n * _stride), count, _stride);
        TTableau.Step(ref system, in step);
        RungeKuttaReverse<T> reverse = Cotangents(bar, parameters);
        TTableau.ReverseStep(ref system, in step, in reverse);
    }

    /// <summary>
    /// Reverses one lane's step (a stepper made for one lane) from <paramref name="y"/> at <paramref name="t"/> with
    /// size <paramref name="h"/>, as the forward pass recorded them, for a hand-written (one-lane) system: with the
    /// tableau's generated single-lane reverse step where it has one (no batch machinery around two or three
    /// components), else with its batched reverse step through <see cref="LaneDifferentiableAdapter{TSystem, T}"/>.
    /// Both do the batched step's arithmetic, so the result is the same bits.
    /// </summary>
    public void ReverseLane<TTableau, TSystem>(ref TSystem system, double t, double h, ReadOnlySpan<T> y, Span<T> bar, Span<T> parameters)
        where TTableau : struct, IRungeKuttaTableau
        where TSystem : IDifferentiableSystem<T>
    {
        Time[0] = T.CreateTruncating(t);
        StepSize[0] = T.CreateTruncating(h);
        if (!TTableau.HasLaneStep)
        {
            var lane = new LaneDifferentiableAdapter<TSystem, T>(system);
            Reverse<TTableau, LaneDifferentiableAdapter<TSystem, T>>(ref lane, y, bar, parameters, 1);
            return;
        }

        system.Evaluate(Time[0], y, _stages.AsSpan(0, _n));
        var step = new RungeKuttaLaneStep<T>
        {
            StateSize = _n,
            Time = Time[0],
            StepSize = StepSize[0],
            Y = y,
            Stages = _stages,
            StageState = _stageState,
            YNew = _yNew,
        };
        RungeKuttaReverse<T> reverse = Cotangents(bar, parameters);
        TTableau.ReverseStepLane(ref system, in step, in reverse);
    }

    private RungeKuttaReverse<T> Cotangents(Span<T> bar, Span<T> parameters) => new()
    {
        Bar = bar,
        StageBars = _stageBars,
        Cotangent = _cotangent,
        Parameters = parameters,
    };
}
