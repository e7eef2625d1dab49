using System;
using System.Globalization;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>Checks a solve's inputs up front, so a bad value fails with its name and value rather than as a wrong answer.</summary>
internal static class InputValidation
{
    public static void CheckSolve<T>(int stateSize, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options, TableauInfo tableau)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckInitialStates(stateSize, y0);
        if (saveAt.Length == 0)
        {
            throw new ArgumentException("saveAt must hold at least one time (the start), but it is empty.", nameof(saveAt));
        }

        for (int j = 0; j < saveAt.Length; j++)
        {
            if (!T.IsFinite(saveAt[j]))
            {
                throw new ArgumentException($"saveAt must be finite, but saveAt[{j}] is {Format(saveAt[j])}.", nameof(saveAt));
            }

            if (j > 0 && !(saveAt[j] > saveAt[j - 1]))
            {
                throw new ArgumentException($"saveAt must be strictly increasing, but saveAt[{j}] = {Format(saveAt[j])} follows saveAt[{j - 1}] = {Format(saveAt[j - 1])}.", nameof(saveAt));
            }
        }

        CheckOptions(options, tableau);
        CheckSolveSizes(stateSize, y0.Length, saveAt.Length, tableau);
    }

    /// <summary>A positive StateSize, and y0 whole lanes of finite values.</summary>
    private static void CheckInitialStates<T>(int stateSize, ReadOnlySpan<T> y0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (stateSize <= 0)
        {
            throw new ArgumentException($"The system's StateSize must be positive, but it is {stateSize}.", "system");
        }

        if (y0.Length == 0 || y0.Length % stateSize != 0)
        {
            throw new ArgumentException($"y0 must hold lanes × StateSize values (StateSize = {stateSize}), but its length is {y0.Length}.", nameof(y0));
        }

        for (int i = 0; i < y0.Length; i++)
        {
            if (!T.IsFinite(y0[i]))
            {
                throw new ArgumentException($"y0 must be finite, but y0[{i}] (lane {i / stateSize}, component {i % stateSize}) is {Format(y0[i])}.", nameof(y0));
            }
        }
    }

    /// <summary>
    /// Checks a solve with per-lane save times (validated when they were built): y0 as <see cref="CheckSolve"/> does,
    /// one lane of y0 per lane of <paramref name="saveAt"/>, the options and the buffers' sizes.
    /// </summary>
    public static void CheckLanes<T>(int stateSize, ReadOnlySpan<T> y0, LaneSaveTimes<T> saveAt, SolverOptions options, TableauInfo tableau)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(saveAt);
        ArgumentNullException.ThrowIfNull(options);
        CheckInitialStates(stateSize, y0);
        if (y0.Length / stateSize != saveAt.Lanes)
        {
            throw new ArgumentException($"saveAt must hold save times for each of y0's {y0.Length / stateSize} lanes, but it has {saveAt.Lanes} lanes.", nameof(saveAt));
        }

        CheckOptions(options, tableau);
        long solution = (long)saveAt.Count * stateSize;
        if (solution > BufferLimits.MaxElements)
        {
            throw BufferLimits.TooLarge(
                "saveAt",
                $"the solution, save times × StateSize = {BufferLimits.Count(saveAt.Count)} × {stateSize}",
                solution,
                $"Solve at most {BufferLimits.Count(BufferLimits.MaxElements / stateSize)} save times in all per call.");
        }

        CheckStageBuffer("y0", saveAt.Lanes, stateSize, "StateSize", tableau, "the solve");
    }

    /// <summary>
    /// Refuses a solve whose solution (saves × lanes × StateSize values) or stage buffer (stages × lanes × StateSize)
    /// would not fit in one array, before anything is allocated.
    /// </summary>
    /// <param name="stateSize">The system's StateSize.</param>
    /// <param name="values">y0's length, lanes × StateSize.</param>
    /// <param name="saves">saveAt's length.</param>
    /// <param name="tableau">The method, for its stage count.</param>
    public static void CheckSolveSizes(int stateSize, int values, int saves, TableauInfo tableau)
    {
        long lanes = values / stateSize;
        long solution = (long)saves * values;
        if (solution > BufferLimits.MaxElements)
        {
            throw BufferLimits.TooLarge(
                "saveAt",
                $"the solution, saves × lanes × StateSize = {BufferLimits.Count(saves)} × {BufferLimits.Count(lanes)} × {stateSize}",
                solution,
                $"Solve at most {BufferLimits.Count(BufferLimits.MaxElements / values)} save times, or fewer lanes, per call.");
        }

        if (saves > 1)
        {
            CheckStageBuffer("y0", lanes, stateSize, "StateSize", tableau, "the solve");
        }
    }

    /// <summary>
    /// Refuses a gradient whose backward buffers would not fit in one array: <see cref="AdjointMethod.Backsolve"/>
    /// integrates lanes × m states, m = 2·StateSize (+ ParameterCount for a system that is not batched, which carries
    /// a_θ in the state). The discrete adjoints' batch buffers are shaped like the forward solve's, checked already.
    /// </summary>
    /// <param name="stateSize">The system's StateSize.</param>
    /// <param name="parameterCount">The system's ParameterCount.</param>
    /// <param name="values">y0's length, lanes × StateSize.</param>
    /// <param name="batched">Whether the system is batched (a_θ is then integrated outside the state).</param>
    /// <param name="method">The adjoint.</param>
    /// <param name="tableau">The method, for its stage count.</param>
    public static void CheckGradientSizes(int stateSize, int parameterCount, int values, bool batched, AdjointMethod method, TableauInfo tableau)
    {
        if (method != AdjointMethod.Backsolve)
        {
            return;
        }

        long lanes = values / stateSize;
        long m = (2L * stateSize) + (batched ? 0 : parameterCount);
        CheckStageBuffer("y0", lanes, m, batched ? "2 × StateSize" : "(2 × StateSize + ParameterCount)", tableau, "the Backsolve adjoint's backward solve");
    }

    /// <summary>
    /// Stages × lanes × width values sit in one array (and a backward segment's two saves × lanes × width, which
    /// matters for one-stage methods).
    /// </summary>
    private static void CheckStageBuffer(string parameter, long lanes, long width, string widthName, TableauInfo tableau, string solve)
    {
        long rows = Math.Max(tableau.Stages, 2);
        long elements = rows * lanes * width;
        if (elements > BufferLimits.MaxElements)
        {
            throw BufferLimits.TooLarge(
                parameter,
                $"{solve} with {tableau.Name} keeps its {tableau.Stages} stages of every lane in one buffer, max(stages, 2) × lanes × {widthName} = {rows} × {BufferLimits.Count(lanes)} × {BufferLimits.Count(width)}",
                elements,
                $"Solve at most {BufferLimits.Count(BufferLimits.MaxElements / (rows * width))} lanes per call.");
        }
    }

    public static void CheckOptions(SolverOptions options, TableauInfo tableau)
    {
        Positive(options.RelativeTolerance, "options.RelativeTolerance");
        Positive(options.AbsoluteTolerance, "options.AbsoluteTolerance");
        if (options.FixedStep is { } fixedStep)
        {
            Positive(fixedStep, "options.FixedStep");
        }
        else if (!tableau.HasEmbedded)
        {
            throw new ArgumentException($"options.FixedStep is null (adaptive stepping), but the tableau {tableau.Name} has no embedded weights (BHat) to estimate the error: set FixedStep or choose an embedded pair such as Tsit5.", "options.FixedStep");
        }

        if (options.InitialStep is { } initial)
        {
            Positive(initial, "options.InitialStep");
        }

        if (options.MaxStep is { } maxStep)
        {
            Positive(maxStep, "options.MaxStep");
        }

        if (!(options.MinStep >= 0) || !double.IsFinite(options.MinStep))
        {
            throw new ArgumentException($"options.MinStep must be finite and non-negative, but it is {Format(options.MinStep)}.", "options.MinStep");
        }

        if (options.SaveMode is not (SaveMode.Step or SaveMode.Interpolate))
        {
            throw new ArgumentException($"options.SaveMode {(int)options.SaveMode} is not a SaveMode.", "options.SaveMode");
        }

        if (options.MaxSteps <= 0)
        {
            throw new ArgumentException($"options.MaxSteps must be positive, but it is {options.MaxSteps}.", "options.MaxSteps");
        }

        if (options.MaxDegreeOfParallelism < 0)
        {
            throw new ArgumentException($"options.MaxDegreeOfParallelism must be 0 (all cores) or positive, but it is {options.MaxDegreeOfParallelism}.", "options.MaxDegreeOfParallelism");
        }

        if (!(options.Safety > 0 && options.Safety <= 1))
        {
            throw new ArgumentException($"options.Safety must lie in (0, 1], but it is {Format(options.Safety)}.", "options.Safety");
        }

        if (!(options.MinFactor > 0 && options.MinFactor < 1))
        {
            throw new ArgumentException($"options.MinFactor must lie in (0, 1), but it is {Format(options.MinFactor)}.", "options.MinFactor");
        }

        if (!(options.MaxFactor > 1) || !double.IsFinite(options.MaxFactor))
        {
            throw new ArgumentException($"options.MaxFactor must be finite and greater than 1, but it is {Format(options.MaxFactor)}.", "options.MaxFactor");
        }

        if (!(options.ControllerBeta >= 0 && options.ControllerBeta < 1))
        {
            throw new ArgumentException($"options.ControllerBeta must lie in [0, 1), but it is {Format(options.ControllerBeta)}.", "options.ControllerBeta");
        }

        if (options.StepSizeControl == StepSizeControl.Odeint)
        {
            // Boost.Odeint fixes these; taking another value silently would not be Boost's controller any more.
            SolverOptions defaults = SolverOptions.Default;
            OdeintConstant(options.Safety, defaults.Safety, "options.Safety");
            OdeintConstant(options.MinFactor, defaults.MinFactor, "options.MinFactor");
            OdeintConstant(options.MaxFactor, defaults.MaxFactor, "options.MaxFactor");
            OdeintConstant(options.ControllerBeta, defaults.ControllerBeta, "options.ControllerBeta");
        }
        else if (options.StepSizeControl != StepSizeControl.ProportionalIntegral)
        {
            throw new ArgumentException($"options.StepSizeControl {(int)options.StepSizeControl} is not a StepSizeControl.", "options.StepSizeControl");
        }
    }

    private static void OdeintConstant(double value, double standard, string name)
    {
        if (value != standard)
        {
            throw new ArgumentException($"{name} is {Format(value)}, but options.StepSizeControl is Odeint, whose constants are Boost.Odeint's: {name} applies to StepSizeControl.ProportionalIntegral only. Leave it at its default ({Format(standard)}) or use ProportionalIntegral.", name);
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be finite and positive, but it is {Format(value)}.", name);
        }
    }

    private static string Format<T>(T value)
        where T : IFormattable => value.ToString("R", CultureInfo.InvariantCulture);
}
