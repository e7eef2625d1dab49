using System;
using System.IO;
using OdeKernels.Examples.Networks;
using OdeKernels.Examples.Fitting;
using OdeKernels.Reporting;

namespace OdeKernels.Examples.Spiral;

/// <summary>The example's figures: data and prediction over time, the phase plane, and the loss curve.</summary>
internal static class SpiralPlots
{
    public static void Write<TTableau>(FitSettings settings, float[] times, float[] data, SpiralNet network, TTableau tableau)
        where TTableau : struct, IRungeKuttaTableau
    {
        const int Fine = 151;
        float[] dense = new float[Fine];
        for (int i = 0; i < Fine; i++)
        {
            dense[i] = times[^1] * i / (Fine - 1);
        }

        Solution<float> prediction = Ode.Solve(network, tableau, [2f, 0f], dense, TrajectoryFitProgram.Solver);
        double[] t = Array.ConvertAll(times, x => (double)x), td = Array.ConvertAll(dense, x => (double)x);
        double[] u1 = FitPlots.Component(data, 2, 0), u2 = FitPlots.Component(data, 2, 1);
        float[] predicted = prediction.States.ToArray();
        double[] p1 = FitPlots.Component(predicted, 2, 0), p2 = FitPlots.Component(predicted, 2, 1);

        new SvgPlot { Title = "Spiral: data and neural ODE over time", XLabel = "t", YLabel = "u" }
            .Add("u₁ data", t, u1, SvgPlot.Palette[0], markers: true)
            .Add("u₁ model", td, p1, SvgPlot.Palette[1])
            .Add("u₂ data", t, u2, SvgPlot.Palette[2], markers: true)
            .Add("u₂ model", td, p2, SvgPlot.Palette[3])
            .Save(Path.Combine(settings.Output, "spiral.svg"));
        new SvgPlot { Title = "Spiral: phase plane", XLabel = "u₁", YLabel = "u₂", Width = 640, Height = 560 }
            .Add("data", u1, u2, SvgPlot.Palette[0], markers: true)
            .Add("model", p1, p2, SvgPlot.Palette[1])
            .Save(Path.Combine(settings.Output, "phase.svg"));
        FitPlots.Loss(settings, "Spiral: training loss (MSE of the fitted window)");
    }
}
