using System;
using System.Numerics;

namespace OdeKernels;

/// <summary>
/// What the series encoders (<see cref="RecurrentEncoder{T}"/>, <see cref="OdeRnnEncoder{TDynamics, TTableau, T}"/>)
/// check and accumulate alike, written once so that both refuse the same inputs with the same words.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal static class SeriesEncoding<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Adds a row's value gradient into dL/d(values) when it was asked for.</summary>
    public static void AddValues(Span<T> valuesGradient, int row, ReadOnlySpan<T> dValues)
    {
        if (valuesGradient.IsEmpty)
        {
            return;
        }

        Span<T> into = valuesGradient.Slice(row * dValues.Length, dValues.Length);
        for (int c = 0; c < dValues.Length; c++)
        {
            into[c] += dValues[c];
        }
    }

    /// <summary>Adds dL/dΔ of the gap Δ = t[row + 1] − t[row] into dL/d(times) when it was asked for.</summary>
    public static void AddGap(Span<T> timesGradient, int row, T dGap)
    {
        if (!timesGradient.IsEmpty)
        {
            timesGradient[row + 1] += dGap;
            timesGradient[row] -= dGap;
        }
    }

    /// <summary>Refuses an output network that does not map the hidden state to an even number of values.</summary>
    public static void CheckOutput(INetwork<T> output, int hidden)
    {
        if (output.Inputs != hidden)
        {
            throw new ArgumentException($"The output network takes {output.Inputs} inputs, but the cell's hidden state has {hidden}.", nameof(output));
        }

        if (output.Outputs % 2 != 0)
        {
            throw new ArgumentException($"The output network returns {output.Outputs} values; it must return the mean and the log-variance of z0, an even number.", nameof(output));
        }
    }

    /// <summary>Refuses a result span too short for the batch.</summary>
    public static void CheckResult(Span<T> result, int count, int outputs)
    {
        if (result.Length < (long)count * outputs)
        {
            throw new ArgumentException($"result has {result.Length} values, but {count} series of {outputs} need {(long)count * outputs}.", nameof(result));
        }
    }

    /// <summary>Refuses a cotangent span too short for the batch.</summary>
    public static void CheckCotangent(ReadOnlySpan<T> cotangent, int count, int outputs)
    {
        if (cotangent.Length < (long)count * outputs)
        {
            throw new ArgumentException($"cotangent has {cotangent.Length} values, but {count} series of {outputs} need {(long)count * outputs}.", nameof(cotangent));
        }
    }

    /// <summary>Refuses a backward pass without a tape.</summary>
    public static void CheckTape(ReverseSweep sweep)
    {
        if (sweep.Count < 0)
        {
            throw new InvalidOperationException("Backward needs the tape of an Encode call; call Encode first.");
        }
    }
}
