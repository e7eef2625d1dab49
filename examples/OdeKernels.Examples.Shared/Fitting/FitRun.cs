using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using OdeKernels.Training;

namespace OdeKernels.Examples.Fitting;

/// <summary>A finished training run of a trajectory fit: how it ended, how long it took, and where it wrote.</summary>
/// <param name="Result">How training ended.</param>
/// <param name="Elapsed">The time training took.</param>
/// <param name="Settings">The run's settings.</param>
/// <remarks>Thread safety: an immutable record; <see cref="Print"/> writes to the console, so call it from one thread.</remarks>
public sealed record FitRun(TrainingResult Result, TimeSpan Elapsed, FitSettings Settings)
{
    /// <summary>
    /// Prints the summary every fit ends with: how training ended and its final <paramref name="loss"/>, the fit's
    /// own <paramref name="details"/>, and the files written into the output directory.
    /// </summary>
    /// <param name="loss">What the loss is, for the first line (for example "loss (MSE)").</param>
    /// <param name="details">The fit's own lines (its accuracy against the truth).</param>
    /// <param name="figures">The figures written, after the checkpoint and the metrics.</param>
    public void Print(string loss, IEnumerable<string> details, params string[] figures)
    {
        ArgumentNullException.ThrowIfNull(details);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Result.Reason} after {Result.Iterations} iterations in {Elapsed.TotalSeconds:F1} s; final {loss} {Result.Loss:E3}"));
        foreach (string line in details)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine($"wrote {Path.GetFullPath(Settings.Output)}: {Path.GetFileName(Result.Checkpoint)}, {FitSettings.MetricsFile}, {string.Join(", ", figures)}");
    }
}
