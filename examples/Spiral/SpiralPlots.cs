using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using OdeKernels.Reporting;

namespace OdeKernels.Examples.Spiral;

/// <summary>The example's figures: data and prediction over time, the phase plane, and the loss curve.</summary>
internal static class SpiralPlots
{
    public static void Write<TTableau>(string output, float[] times, float[] data, SpiralNet network, TTableau tableau, string metrics)
        where TTableau : struct, IRungeKuttaTableau
    {
        int points = times.Length;
        const int Fine = 151;
        float[] dense = new float[Fine];
        for (int i = 0; i < Fine; i++)
        {
            dense[i] = times[^1] * i / (Fine - 1);
        }

        Solution<float> prediction = Ode.Solve(network, tableau, [2f, 0f], dense, SpiralRun.Solver);
        double[] t = Array.ConvertAll(times, x => (double)x), td = Array.ConvertAll(dense, x => (double)x);
        double[] u1 = Component(data, points, 0), u2 = Component(data, points, 1);
        double[] p1 = Component(prediction.States.ToArray(), Fine, 0), p2 = Component(prediction.States.ToArray(), Fine, 1);

        new SvgPlot { Title = "Spiral: data and neural ODE over time", XLabel = "t", YLabel = "u" }
            .Add("u₁ data", t, u1, SvgPlot.Palette[0], markers: true)
            .Add("u₁ model", td, p1, SvgPlot.Palette[1])
            .Add("u₂ data", t, u2, SvgPlot.Palette[2], markers: true)
            .Add("u₂ model", td, p2, SvgPlot.Palette[3])
            .Save(Path.Combine(output, "spiral.svg"));
        new SvgPlot { Title = "Spiral: phase plane", XLabel = "u₁", YLabel = "u₂", Width = 640, Height = 560 }
            .Add("data", u1, u2, SvgPlot.Palette[0], markers: true)
            .Add("model", p1, p2, SvgPlot.Palette[1])
            .Save(Path.Combine(output, "phase.svg"));

        (double[] iterations, double[] loss) = ReadLoss(metrics);
        if (iterations.Length > 0)
        {
            new SvgPlot { Title = "Spiral: training loss (MSE of the fitted window)", XLabel = "iteration", YLabel = "loss", LogY = true }
                .Add("loss", iterations, loss, SvgPlot.Palette[0])
                .Save(Path.Combine(output, "loss.svg"));
        }
    }

    private static double[] Component(float[] states, int saves, int component)
    {
        double[] values = new double[saves];
        for (int i = 0; i < saves; i++)
        {
            values[i] = states[(2 * i) + component];
        }

        return values;
    }

    /// <summary>The loss column of the metrics CSV (all rows, including those before a resume).</summary>
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
