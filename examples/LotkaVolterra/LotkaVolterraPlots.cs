using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using OdeKernels.Reporting;

namespace OdeKernels.Examples.LotkaVolterra;

/// <summary>Truth, samples and the learned model over the training window and beyond; the loss curve.</summary>
internal static class LotkaVolterraPlots
{
    /// <summary>Writes the figures and returns the relative L2 errors inside and outside the training window.</summary>
    public static (double Inside, double Outside) Write<TTableau>(string output, LotkaVolterraNet network, TTableau tableau, double[] sampleTimes, float[] observed, string metrics)
        where TTableau : struct, IRungeKuttaTableau
    {
        const int Fine = 401;
        double[] t = new double[Fine];
        float[] tf = new float[Fine];
        for (int i = 0; i < Fine; i++)
        {
            t[i] = LotkaVolterraRun.Extrapolate * i / (Fine - 1);
            tf[i] = (float)t[i];
        }

        double[] truth = LotkaVolterraData.Truth(t);
        float[] predicted = Ode.Solve(network, tableau, [1f, 1f], tf, LotkaVolterraRun.Solver).States.ToArray();
        double insideError = 0, insideNorm = 0, outsideError = 0, outsideNorm = 0;
        for (int i = 0; i < Fine; i++)
        {
            for (int c = 0; c < 2; c++)
            {
                double e = predicted[(2 * i) + c] - truth[(2 * i) + c], n = truth[(2 * i) + c];
                if (t[i] <= LotkaVolterraRun.TrainEnd)
                {
                    insideError += e * e;
                    insideNorm += n * n;
                }
                else
                {
                    outsideError += e * e;
                    outsideNorm += n * n;
                }
            }
        }

        double top = 0;
        foreach (double v in truth)
        {
            top = Math.Max(top, v);
        }

        new SvgPlot { Title = "Lotka-Volterra: truth, noisy samples and neural ODE", XLabel = "t", YLabel = "population", Width = 900 }
            .Add("prey x, truth", t, Component(truth, 0), "#1f77b4")
            .Add("prey x, model", t, Component(predicted, 0), "#ff7f0e")
            .Add("prey x, samples", sampleTimes, Component(observed, 0), "#1f77b4", markers: true)
            .Add("predator y, truth", t, Component(truth, 1), "#2ca02c")
            .Add("predator y, model", t, Component(predicted, 1), "#d62728")
            .Add("predator y, samples", sampleTimes, Component(observed, 1), "#2ca02c", markers: true)
            .Add("end of training data", [LotkaVolterraRun.TrainEnd, LotkaVolterraRun.TrainEnd], [0, 1.1 * top], "#7f7f7f")
            .Save(Path.Combine(output, "lotka-volterra.svg"));

        (double[] iterations, double[] loss) = ReadLoss(metrics);
        if (iterations.Length > 0)
        {
            new SvgPlot { Title = "Lotka-Volterra: training loss (minibatch MSE)", XLabel = "iteration", YLabel = "loss", LogY = true }
                .Add("loss", iterations, loss, SvgPlot.Palette[0])
                .Save(Path.Combine(output, "loss.svg"));
        }

        return (Math.Sqrt(insideError / insideNorm), Math.Sqrt(outsideError / outsideNorm));
    }

    private static double[] Component<TValue>(TValue[] states, int component)
        where TValue : System.Numerics.INumberBase<TValue>
    {
        double[] values = new double[states.Length / 2];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = double.CreateChecked(states[(2 * i) + component]);
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
