using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// The ODE-RNN encoder of Rubanova et al. (2019, Algorithm 1 and §3.3), the recognition network of their latent ODE:
/// it runs backwards in time over each series' observed points; between two observations the hidden state h follows
/// the ODE dh/dt = f(h) (any <see cref="IDifferentiableSystem{T}"/> on the hidden size, solved with
/// <see cref="Ode.Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, LaneSaveTimes{T}, SolverOptions?)"/>
/// over every series' own gap at once, one lane per series), and at each observation a recurrent cell updates it,
/// h ← cell([x ; h]); an output network maps the final hidden state (at the first observation) to the mean and
/// log-variance of z0. Differentiable end to end (<see cref="Backward"/>): the cell by its VJP, the ODE by
/// <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, LaneSaveTimes{T}, ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/>
/// with any adjoint, the gaps by f at the end of each solve (the derivative of a solution with respect to its end time).
/// </summary>
/// <typeparam name="TDynamics">The hidden state's dynamics f (StateSize = the cell's hidden size).</typeparam>
/// <typeparam name="TTableau">The Runge–Kutta method of the solves between observations.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>
/// <para>
/// The cell is any <see cref="INetwork{T}"/> whose input is [x ; h] and whose output is h' (a <see cref="GruAttribute"/>
/// network with <c>Inputs</c> = D, as Rubanova et al.'s GRU update), so D = <see cref="INetwork{T}.Inputs"/> −
/// <see cref="INetwork{T}.Outputs"/> values are observed per row; unlike <see cref="RecurrentEncoder{T}"/> the cell does
/// not see the gap, the ODE does. Step k (k = 0, 1, …) visits every series longer than k at its row r = n − 1 − k:
/// for k &gt; 0 it first carries the series' h from t[r + 1] back to t[r] (a series starts from h = 0 at its last
/// observation, where its first cell update happens), then applies the cell.
/// </para>
/// <para>
/// Going back in time, h(t[r + 1] − s) solves dh/ds = −f(s, h) for s from 0 to the gap Δ = t[r + 1] − t[r] (Rubanova
/// et al.'s code integrates f from t[r + 1] down to t[r], the same path). The dynamics are called with that s, the time
/// elapsed since the later observation: Rubanova et al.'s ODE function ignores t, and a time-dependent f (a
/// <c>TimeInput</c> <see cref="DynamicsAttribute"/>) sees s, not the absolute time, so every gradient stays exact.
/// </para>
/// <para>
/// Series come in the ragged layout: row r of series i at <c>offsets[i] + r</c>, with <c>offsets</c> one longer than the
/// series; a series without rows encodes h = 0. Per-lane save times run on the CPU, so
/// <see cref="SolverOptions.Backend"/> must not be <see cref="Backend.Cuda"/>. <see cref="Encode"/> and
/// <see cref="Backward"/> allocate the solver's results (one solve per step; the backward pass re-solves each step as
/// <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, LaneSaveTimes{T}, ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/>
/// does).
/// </para>
/// <para>
/// Thread safety: an instance keeps the tape of its last <see cref="Encode"/> for <see cref="Backward"/> in buffers of
/// its own; use it from one thread at a time.
/// </para>
/// </remarks>
public sealed class OdeRnnEncoder<TDynamics, TTableau, T> : ISeriesEncoder<T>
    where TDynamics : IDifferentiableSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly EncoderTape<T> _tape;
    private readonly BackwardInTime<TDynamics, T> _backwards;
    private T[] _start = [];
    private T[] _gaps = [];
    private T[] _slope = [];
    private int[] _laneOffsets = [];

    /// <summary>Creates the encoder from its cell, hidden dynamics and output network (their parameters are theirs, not copied).</summary>
    /// <param name="cell">The cell: input [x ; h], output h'.</param>
    /// <param name="dynamics">The hidden state's dynamics between observations, StateSize = the cell's hidden size.</param>
    /// <param name="output">The map from the final h to [mean ; log-variance] of z0 (an even number of outputs).</param>
    /// <param name="solver">Tolerances and step control of the solves between observations; null for <see cref="SolverOptions.Default"/>.</param>
    /// <param name="adjoint">How <see cref="Backward"/> differentiates through those solves.</param>
    /// <exception cref="ArgumentNullException">A network is null.</exception>
    /// <exception cref="ArgumentException">The widths do not fit together; the message names them.</exception>
    public OdeRnnEncoder(INetwork<T> cell, TDynamics dynamics, INetwork<T> output, SolverOptions? solver = null, AdjointMethod adjoint = AdjointMethod.Backsolve)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(dynamics);
        ArgumentNullException.ThrowIfNull(output);
        int observed = cell.Inputs - cell.Outputs;
        if (observed < 1)
        {
            throw new ArgumentException($"The cell takes {cell.Inputs} inputs and returns {cell.Outputs}; it must take [x ; h], at least {cell.Outputs + 1} values for a hidden state of {cell.Outputs}.", nameof(cell));
        }

        if (dynamics.StateSize != cell.Outputs)
        {
            throw new ArgumentException($"The dynamics' StateSize is {dynamics.StateSize}, but the cell's hidden state has {cell.Outputs}.", nameof(dynamics));
        }

        SeriesEncoding<T>.CheckOutput(output, cell.Outputs);
        Cell = cell;
        Dynamics = dynamics;
        Output = output;
        ObservationWidth = observed;
        Solver = solver ?? SolverOptions.Default;
        Adjoint = adjoint;
        _backwards = BackwardInTime<TDynamics, T>.For(dynamics);
        _tape = new EncoderTape<T>(cell, output);
    }

    /// <summary>The cell.</summary>
    public INetwork<T> Cell { get; }

    /// <summary>The hidden state's dynamics between observations.</summary>
    public TDynamics Dynamics { get; }

    /// <summary>The output network.</summary>
    public INetwork<T> Output { get; }

    /// <summary>The values observed per row, D.</summary>
    public int ObservationWidth { get; }

    /// <summary>The size of the latent state: half the output network's outputs.</summary>
    public int LatentSize => Output.Outputs / 2;

    /// <summary>The parameters of <see cref="Dynamics"/>.</summary>
    public Span<T> DynamicsParameters => Dynamics.Parameters;

    /// <summary>The solver options of the solves between observations.</summary>
    public SolverOptions Solver { get; }

    /// <summary>The adjoint of those solves.</summary>
    public AdjointMethod Adjoint { get; }

    private int Hidden => Cell.Outputs;

    private int Row => Cell.Inputs;

    /// <summary>
    /// Encodes every series: <paramref name="result"/> receives per series the mean of z0 (<see cref="LatentSize"/>
    /// values), then its log-variance. Keeps the tape for <see cref="Backward"/>.
    /// </summary>
    /// <param name="offsets">Where each series' rows start, one more value than there are series, from 0, never decreasing.</param>
    /// <param name="times">The time of each row; strictly increasing within a series.</param>
    /// <param name="values">The observations, <see cref="ObservationWidth"/> per row.</param>
    /// <param name="result">Receives 2·<see cref="LatentSize"/> values per series.</param>
    /// <exception cref="ArgumentException">The layout is malformed or a span is too short; the message names it.</exception>
    /// <exception cref="OdeSolveException">A solve between observations failed.</exception>
    /// <exception cref="NotSupportedException"><see cref="Solver"/> asks for <see cref="Backend.Cuda"/>.</exception>
    public void Encode(ReadOnlySpan<int> offsets, ReadOnlySpan<T> times, ReadOnlySpan<T> values, Span<T> result)
    {
        _tape.Begin(offsets, times, values, ObservationWidth, result);
        ReverseSweep sweep = _tape.Sweep;
        int h = Hidden, d = ObservationWidth;
        ReverseSweep.Grow(ref _start, sweep.Rows * h);
        ReverseSweep.Grow(ref _gaps, sweep.Rows);
        for (int k = 0; k < sweep.Steps; k++)
        {
            int first = sweep.StepStart[k], active = sweep.StepStart[k + 1] - first;
            Span<T> carried = _tape.Scratch(active);
            if (k == 0)
            {
                carried.Clear();
            }
            else
            {
                for (int v = first; v < first + active; v++)
                {
                    _tape.State(sweep.Series[v]).CopyTo(_start.AsSpan(v * h, h));
                    _gaps[v] = times[sweep.Row[v] + 1] - times[sweep.Row[v]];
                }

                Ode.SolveInto(_backwards, default(TTableau), _start.AsSpan(first * h, active * h), Gaps(first, active), carried, Solver);
            }

            for (int v = first; v < first + active; v++)
            {
                Span<T> input = _tape.Input(v);
                values.Slice(sweep.Row[v] * d, d).CopyTo(input);
                carried.Slice((v - first) * h, h).CopyTo(input[d..]);
            }

            _tape.Update(k);
        }

        _tape.Finish(result);
    }

    /// <summary>
    /// Backpropagates the cotangent of the last <see cref="Encode"/>'s result through the output network, the cell
    /// updates and the solves between observations, adding the gradients <paramref name="gradients"/> asks for: the
    /// cell's, the dynamics' and the output network's parameters, and the observed values and times (a gap's
    /// gradient is the cotangent of the carried state times the right-hand side at the solve's end).
    /// </summary>
    /// <param name="cotangent">The cotangent of the result, laid out like it.</param>
    /// <param name="gradients">Where the gradients go, each added; an empty span skips it.</param>
    /// <exception cref="InvalidOperationException">No <see cref="Encode"/> came first.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names it.</exception>
    /// <exception cref="OdeSolveException">A solve failed in the backward pass.</exception>
    public void Backward(ReadOnlySpan<T> cotangent, SeriesEncoderGradients<T> gradients)
    {
        _tape.BeginBackward(this, cotangent, gradients);
        ReverseSweep sweep = _tape.Sweep;
        int h = Hidden, d = ObservationWidth;
        for (int k = sweep.Steps - 1; k >= 0; k--)
        {
            int first = sweep.StepStart[k], active = sweep.StepStart[k + 1] - first;
            ReadOnlySpan<T> dInput = _tape.CellVjp(k, gradients.Cell);

            // dL/dh' of the carried states, lane after lane: the cotangents of the solve's save times.
            Span<T> a = _tape.Scratch(active);
            for (int j = 0; j < active; j++)
            {
                ReadOnlySpan<T> dRow = dInput.Slice(j * Row, Row);
                SeriesEncoding<T>.AddValues(gradients.Values, sweep.Row[first + j], dRow[..d]);
                dRow.Slice(d, h).CopyTo(a.Slice(j * h, h));
            }

            // The first step starts from h = 0, a constant: nothing flows further back.
            if (k == 0)
            {
                continue;
            }

            LaneGradient<T> solve = Ode.Gradient(_backwards, default(TTableau), _start.AsSpan(first * h, active * h), Gaps(first, active), a, Solver, Adjoint);
            Add(gradients.Dynamics, solve.Parameters);
            for (int j = 0; j < active; j++)
            {
                solve.InitialState.AsSpan(j * h, h).CopyTo(_tape.StateGradient(sweep.Series[first + j]));
            }

            if (!gradients.Times.IsEmpty)
            {
                ReverseSweep.Grow(ref _slope, h);
                Span<T> slope = _slope.AsSpan(0, h);
                for (int j = 0; j < active; j++)
                {
                    int v = first + j;
                    _backwards.Evaluate(_gaps[v], _tape.Input(v).Slice(d, h), slope);
                    SeriesEncoding<T>.AddGap(gradients.Times, sweep.Row[v], Dot(a.Slice(j * h, h), slope));
                }
            }
        }
    }

    /// <summary>Every active lane saves once, at its own gap, from s = 0.</summary>
    private LaneSaveTimes<T> Gaps(int first, int active)
    {
        ReverseSweep.Grow(ref _laneOffsets, active + 1);
        for (int j = 0; j <= active; j++)
        {
            _laneOffsets[j] = j;
        }

        return new LaneSaveTimes<T>(T.Zero, _laneOffsets.AsSpan(0, active + 1), _gaps.AsSpan(first, active));
    }

    private static void Add(Span<T> into, ReadOnlySpan<T> values)
    {
        for (int k = 0; k < into.Length; k++)
        {
            into[k] += values[k];
        }
    }

    private static T Dot(ReadOnlySpan<T> u, ReadOnlySpan<T> v)
    {
        T sum = T.Zero;
        for (int c = 0; c < u.Length; c++)
        {
            sum += u[c] * v[c];
        }

        return sum;
    }
}
