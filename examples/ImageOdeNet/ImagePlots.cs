using System.Collections.Generic;
using System.Linq;
using OdeKernels.Reporting;

namespace OdeKernels.Examples.ImageOdeNet;

/// <summary>The example's figures, drawn with the runtime's <see cref="SvgPlot"/>.</summary>
internal static class ImagePlots
{
    /// <summary>Test error against parameters, one marker per model (Chen et al.'s point: the ODE-Net's error with a fraction of the parameters).</summary>
    public static void ErrorVsParameters(string path, string dataset, IReadOnlyList<ImageResult> results)
    {
        var plot = new SvgPlot { Title = $"{dataset}: test error vs parameters", XLabel = "parameters", YLabel = "test error (%)", Width = 860 };
        foreach (ImageResult r in results)
        {
            plot.Add(r.Model.Label, [r.Parameters], [100 * r.TestError], markers: true);
        }

        plot.Save(path);
    }

    /// <summary>The mean forward NFE per sample in each epoch of training, for each model with an ODE block.</summary>
    public static void NfePerEpoch(string path, IReadOnlyList<ImageResult> results)
    {
        var plot = new SvgPlot { Title = "Forward NFE per sample during training", XLabel = "epoch", YLabel = "forward NFE", Width = 860 };
        foreach (ImageResult r in results.Where(r => r.NfePerEpoch.Length > 0))
        {
            double[] epochs = Enumerable.Range(1, r.NfePerEpoch.Length).Select(e => (double)e).ToArray();
            plot.Add(r.Model.Label, epochs, r.NfePerEpoch, markers: true);
        }

        plot.Save(path);
    }

    /// <summary>Test accuracy against forward NFE of the trained ODE-Net under each test solver, one series per method.</summary>
    public static void AccuracyVsNfe(string path, IReadOnlyList<(TestSolver Solver, double Accuracy, double Nfe)> sweep)
    {
        var plot = new SvgPlot { Title = "Train accurately, test cheaply: ODE-Net test accuracy vs NFE", XLabel = "forward NFE per sample", YLabel = "test accuracy (%)", Width = 860 };
        foreach (IGrouping<string, (TestSolver Solver, double Accuracy, double Nfe)> method in sweep.GroupBy(p => p.Solver.Method))
        {
            var points = method.OrderBy(p => p.Nfe).ToArray();
            plot.Add(method.Key, points.Select(p => p.Nfe).ToArray(), points.Select(p => 100 * p.Accuracy).ToArray(), markers: true);
        }

        plot.Save(path);
    }
}
