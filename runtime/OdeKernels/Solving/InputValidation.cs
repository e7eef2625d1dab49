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

        if (options.MaxSteps <= 0)
        {
            throw new ArgumentException($"options.MaxSteps must be positive, but it is {options.MaxSteps}.", "options.MaxSteps");
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
