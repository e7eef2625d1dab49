using System;
using System.Globalization;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>Argument checks shared by optimizers, schedules and losses: each failure names the parameter and shows its value.</summary>
internal static class TrainingArguments
{
    public static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be finite and positive, but it is {Format(value)}.", name);
        }
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be finite and non-negative, but it is {Format(value)}.", name);
        }
    }

    public static void UnitInterval(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentException($"{name} must lie in [0, 1), but it is {Format(value)}.", name);
        }
    }

    /// <summary>Fails unless <paramref name="values"/> holds <paramref name="expected"/> values (a product in long, so it cannot wrap).</summary>
    public static void Length<T>(ReadOnlySpan<T> values, long expected, string name, string what)
    {
        if (values.Length != expected)
        {
            throw new ArgumentException($"{name} must hold {what} = {expected} values, but its length is {values.Length}.", name);
        }
    }

    public static void Finite<T>(ReadOnlySpan<T> values, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name} must be finite, but {name}[{i}] is {Format(values[i])}.", name);
            }
        }
    }

    public static string Format<T>(T value)
        where T : IFormattable => value.ToString("R", CultureInfo.InvariantCulture);
}
