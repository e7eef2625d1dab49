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

    // Dense output (save times interpolated inside the step being reversed): Σ wᵢ(θ)ū per stage, the weight on
    // f(t + h, y_new) times ū, and Σ ū (the interpolant's y term); allocated on first use.
    private T[]? _seeds;
    private T[]? _endBar;

    // The extra stages of the method's own interpolant (Vern7's): their inputs and times, kept for their VJPs; their
    // derivatives sit in the stage blocks after the s stages. Allocated on first use.
    private readonly int _extraStages;
    private T[]? _extraInputs;
    private T[]? _extraTimes;
    private T[]? _direct;
    private double[]? _weights;
    private bool _dense;

    /// <summary>Creates a stepper for up to <paramref name="lanes"/> lanes of a tableau with <paramref name="stages"/> stages and <paramref name="extraStages"/> extra stages of its own interpolant.</summary>
    public ReverseStepper(int stateSize, int lanes, int stages, int extraStages = 0)
    {
        _n = stateSize;
        _stride = lanes;
        _extraStages = extraStages;
        _yNew = new T[stateSize * lanes];
        _stageState = new T[stateSize * lanes];
        _cotangent = new T[stateSize * lanes];
        _stages = new T[(stages + extraStages) * stateSize * lanes];
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
        if (!_dense)
        {
            TTableau.ReverseStep(ref system, in step, in reverse);
            return;
        }

        // u(θ) = y + h (Σ wᵢkᵢ + w_f f(t + h, y_new)): scale the accumulated Σ wū by h, take the VJP of f at the
        // step's end into ȳ′ (y_new's cotangent), seed the stages with the rest and add the y term after the step.
        // Extra stages (kₑ = f(t + cₑh, y + h Σⱼ aₑⱼkⱼ)) are recomputed from the recomputed stages and reversed
        // last first, each adding its input's cotangent to ȳ and h aₑⱼ times it to the seeds of the stages it read.
        TableauInfo tableau = TTableau.Info;
        int block = _n * _stride, extras = tableau.ExtraStages;
        if (extras > 0)
        {
            EvaluateExtraStages(ref system, tableau, y, count);
        }

        for (int i = 0; i < Stages + extras; i++)
        {
            ScaleByStep(_seeds.AsSpan(i * block, block), count);
        }

        if (extras > 0)
        {
            ReverseExtraStages(ref system, tableau, parameters, count);
        }

        // Without FSAL a method with its own interpolant puts no weight on f(t + h, y_new): no VJP there.
        if (!tableau.HasDense || tableau.IsFsal)
        {
            ScaleByStep(_endBar, count);
            for (int i = 0; i < count; i++)
            {
                _stageTime[i] = Time[i] + StepSize[i];
            }

            LaneOps.Clear<T>(_cotangent, _n, count, _stride);
            system.VjpBatch(_stageTime, _yNew, _endBar, _cotangent, parameters, count, _stride);
            LaneOps.Add<T>(_cotangent, bar, _n, count, _stride);
        }
        reverse.StageSeeds = _seeds;
        TTableau.ReverseStep(ref system, in step, in reverse);
        LaneOps.Add<T>(_direct, bar, _n, count, _stride);
        _dense = false;
    }

    /// <summary>
    /// Adds the cotangent <paramref name="cotangent"/> (one lane's, contiguous) of a save time at
    /// <paramref name="theta"/> inside the step of slot <paramref name="slot"/>, to be reversed through the step's
    /// continuous extension (<see cref="DenseOutput"/>) by the next <see cref="Reverse"/> or <see cref="ReverseLane"/>.
    /// </summary>
    public void AddInterpolated(TableauInfo tableau, int slot, double theta, ReadOnlySpan<T> cotangent)
    {
        int block = _n * _stride;
        if (!_dense)
        {
            _seeds ??= new T[(Stages + _extraStages) * block];
            _endBar ??= new T[block];
            _direct ??= new T[block];
            _weights ??= new double[DenseOutput.WeightCount(tableau)];
            Array.Clear(_seeds);
            Array.Clear(_endBar);
            Array.Clear(_direct);
            _dense = true;
        }

        double[] w = _weights!;
        DenseOutput.Weights(tableau, theta, w);
        int end = DenseOutput.EndIndex(tableau);
        for (int c = 0; c < _n; c++)
        {
            int index = (c * _stride) + slot;
            T g = cotangent[c];
            _direct![index] += g;
            for (int i = 0, rows = DenseOutput.Rows(tableau); i < rows; i++)
            {
                if (i != end && w[i] != 0)
                {
                    _seeds![(i * block) + index] += T.CreateTruncating(w[i]) * g;
                }
            }

            if (w[end] != 0)
            {
                _endBar![index] += T.CreateTruncating(w[end]) * g;
            }
        }
    }

    /// <summary>The extra stages of the first <paramref name="count"/> lanes, as the forward pass computed them (<see cref="DenseOutput.ExtraStageInput{T}"/>).</summary>
    private void EvaluateExtraStages<TSystem>(ref TSystem system, TableauInfo tableau, ReadOnlySpan<T> y, int count)
        where TSystem : struct, IBatchedDifferentiableSystem<T>
    {
        int block = _n * _stride, s = Stages;
        _extraInputs ??= new T[_extraStages * block];
        _extraTimes ??= new T[_extraStages * _stride];
        for (int e = 0; e < tableau.ExtraStages; e++)
        {
            for (int i = 0; i < count; i++)
            {
                _extraTimes[(e * _stride) + i] = DenseOutput.ExtraStageTime(tableau, e, Time[i], StepSize[i]);
                DenseOutput.ExtraStageInput<T>(tableau, e, StepSize[i], y, _stages, i, _stride, block, _extraInputs, (e * block) + i, _stride, _n);
            }

            system.EvaluateBatch(_extraTimes.AsSpan(e * _stride, _stride), _extraInputs.AsSpan(e * block, block), _stages.AsSpan((s + e) * block, block), count, _stride);
        }
    }

    /// <summary>
    /// Reverses the extra stages, last first: the VJP of f at extra stage e's input with its (h-scaled) seed gives the
    /// input's cotangent z̄, which adds to the y term and, times h aₑⱼ, to the seed of every stage j it read.
    /// </summary>
    private void ReverseExtraStages<TSystem>(ref TSystem system, TableauInfo tableau, Span<T> parameters, int count)
        where TSystem : struct, IBatchedDifferentiableSystem<T>
    {
        int block = _n * _stride, s = Stages;
        double[] a = tableau.ExtraRows;
        for (int e = tableau.ExtraStages - 1; e >= 0; e--)
        {
            LaneOps.Clear<T>(_cotangent, _n, count, _stride);
            system.VjpBatch(_extraTimes.AsSpan(e * _stride, _stride), _extraInputs.AsSpan(e * block, block), _seeds.AsSpan((s + e) * block, block), _cotangent, parameters, count, _stride);
            int row = tableau.ExtraRowStart(e);
            for (int c = 0; c < _n; c++)
            {
                for (int i = 0; i < count; i++)
                {
                    int index = (c * _stride) + i;
                    T z = _cotangent[index];
                    _direct![index] += z;
                    T hz = StepSize[i] * z;
                    for (int j = 0; j < s + e; j++)
                    {
                        if (a[row + j] != 0)
                        {
                            _seeds![(j * block) + index] += T.CreateTruncating(a[row + j]) * hz;
                        }
                    }
                }
            }
        }
    }

    private void ScaleByStep(Span<T> values, int count)
    {
        for (int c = 0; c < _n; c++)
        {
            Span<T> row = values.Slice(c * _stride, count);
            for (int i = 0; i < count; i++)
            {
                row[i] = StepSize[i] * row[i];
            }
        }
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
        // The generated lane step seeds its stages inline; a step with save times inside it takes the batched
        // reverse step, whose seeding adds the interpolant's stage cotangents (same arithmetic, same bits).
        if (!TTableau.HasLaneStep || _dense)
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
