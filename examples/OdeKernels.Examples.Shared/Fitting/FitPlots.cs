using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using OdeKernels.Reporting;

namespace OdeKernels.Examples.Fitting;

/// <summary>The pieces of a trajectory fit's figures that every fit draws the same way.</summary>
/// <remarks>Thread safety: pure functions of their arguments, apart from the files they read and write.</remarks>
public static class FitPlots
{
    /// <summary>The file name of the loss figure.</summary>
    public const string LossFile = "loss.svg";

    /// <summary>One component of time-major states, as doubles for a plot.</summary>
    /// <typeparam name="TValue">The states' type.</typeparam>
    /// <param name="states">The states, time after time, <paramref name="stateSize"/> values each.</param>
    /// <param name="stateSize">The values per time.</param>
    /// <param name="component">The component.</param>
    /// <returns>The component at every time.</returns>
    public static double[] Component<TValue>(TValue[] states, int stateSize, int component)
        where TValue : INumberBase<TValue>
    {
        ArgumentNullException.ThrowIfNull(states);
        double[] values = new double[states.Length / stateSize];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = double.CreateChecked(states[(stateSize * i) + component]);
        }

        return values;
    }

    /// <summary>
    /// Plots the loss column of <paramref name="settings"/>' metrics CSV (every row, those before a resume included)
    /// on a log scale into <see cref="LossFile"/> in the output directory; writes nothing when there are no rows.
    /// </summary>
    /// <param name="settings">The run's settings (the metrics file and the output directory).</param>
    /// <param name="title">The figure's title.</param>
    public static void Loss(FitSettings settings, string title)
    {
        ArgumentNullException.ThrowIfNull(settings);
        (double[] iterations, double[] loss) = ReadLoss(settings.MetricsPath);
        if (iterations.Length > 0)
        {
            new SvgPlot { Title = title, XLabel = "iteration", YLabel = "loss", LogY = true }
                .Add("loss", iterations, loss, SvgPlot.Palette[0])
                .Save(Path.Combine(settings.Output, LossFile));
        }
    }

    /// <summary>The iteration and loss columns of the metrics CSV; rows that do not parse are skipped.</summary>
    private static (double[] Iterations, double[] Loss) ReadLoss(string path)
    {
        var iterations = new List<double>();
        var loss = new List<double>();
        string[] lines = File.ReadAllLines(path);
        int column = lines.Length == 0 ? -1 : Array.IndexOf(lines[0].Split(','), "loss");
        for (int i = 1; i < lines.Length && column > 0; i++)
        {
            string[] fields = lines[i].Split(',');
            if (fields.Length > column
                && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double iteration)
                && double.TryParse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                iterations.Add(iteration);
                loss.Add(value);
            }
        }

        return (iterations.ToArray(), loss.ToArray());
    }
}
