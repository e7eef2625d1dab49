using System;
using System.IO;
using OdeKernels.Examples.Fitting;
using OdeKernels.Reporting;

namespace OdeKernels.Examples.LotkaVolterra;

/// <summary>Truth, samples and the learned model over the training window and beyond; the loss curve.</summary>
internal static class LotkaVolterraPlots
{
    /// <summary>Writes the figures and returns the relative L2 errors inside and outside the training window.</summary>
    public static (double Inside, double Outside) Write<TTableau>(FitSettings settings, LotkaVolterraNet network, TTableau tableau, double[] sampleTimes, float[] observed)
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
        float[] predicted = Ode.Solve(network, tableau, [1f, 1f], tf, TrajectoryFitProgram.Solver).States.ToArray();
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
            .Add("prey x, truth", t, FitPlots.Component(truth, 2, 0), "#1f77b4")
            .Add("prey x, model", t, FitPlots.Component(predicted, 2, 0), "#ff7f0e")
            .Add("prey x, samples", sampleTimes, FitPlots.Component(observed, 2, 0), "#1f77b4", markers: true)
            .Add("predator y, truth", t, FitPlots.Component(truth, 2, 1), "#2ca02c")
            .Add("predator y, model", t, FitPlots.Component(predicted, 2, 1), "#d62728")
            .Add("predator y, samples", sampleTimes, FitPlots.Component(observed, 2, 1), "#2ca02c", markers: true)
            .Add("end of training data", [LotkaVolterraRun.TrainEnd, LotkaVolterraRun.TrainEnd], [0, 1.1 * top], "#7f7f7f")
            .Save(Path.Combine(settings.Output, "lotka-volterra.svg"));

        FitPlots.Loss(settings, "Lotka-Volterra: training loss (minibatch MSE)");
        return (Math.Sqrt(insideError / insideNorm), Math.Sqrt(outsideError / outsideNorm));
    }
}
