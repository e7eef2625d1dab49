using System;
using System.Globalization;
using System.IO;
using OdeKernels.Examples.Datasets;

namespace OdeKernels.Examples.LatentOde;

/// <summary>
/// Chen et al.'s spiral experiment (2018, §5.1, Table 2): 1,000 noisy spirals, each training series observed at 30, 50
/// or 100 random points of its 100; a latent ODE and an RNN baseline trained on them; the predictive RMSE on held-out
/// series at each number of observations, beside their figures; the figures of a few test series.
/// </summary>
internal static class SpiralReport
{
    /// <summary>Trains both models and writes the table and figures; false when Ctrl-C stopped a run.</summary>
    public static bool Run(LatentOdeSettings s)
    {
        SpiralSet train = ChenSpirals.Generate(s.TrainSeries, s.Seed);
        SpiralSet test = ChenSpirals.Generate(s.TestSeries, s.Seed + 1, extrapolation: ChenSpirals.WindowPoints);
        ObservedSeries observed = ObservedSeries.Subsampled(train, s.Observations, s.Seed + 2);
        Console.WriteLine($"spirals: {s.TrainSeries} training series ({observed.Times.Length} observations: {string.Join(", ", s.Observations)} per series), {s.TestSeries} held out");

        var latent = new LatentSpiralModel(s.Seed, s.Solver);
        LatentSpiralFit latentFit = latent.Fit(observed, s.BatchSize, s.Adjoint);
        if (!TrainingRun.Train(s, "latent-ode", latentFit, s.SpiralIterations, s.LearningRate))
        {
            return false;
        }

        latentFit.Scatter();
        var rnn = new RnnSpiralModel(s.Seed);
        RnnSpiralFit rnnFit = rnn.Fit(observed, s.BatchSize);
        if (!TrainingRun.Train(s, "rnn", rnnFit, s.SpiralIterations, s.LearningRate))
        {
            return false;
        }

        rnnFit.Scatter();
        double[] window = test.Times[..ChenSpirals.WindowPoints];
        var table = new ResultTable(
            "observations", "RNN (ours)", "latent ODE (ours)", "RNN (Chen et al.)", "latent ODE (Chen et al.)",
            "RNN extrapolation", "latent ODE extrapolation");
        foreach ((int n, double chenRnn, double chenOde) in LatentOdeSettings.ChenTable2)
        {
            ObservedSeries held = ObservedSeries.Subsampled(test, [n], s.Seed + 3 + (ulong)n);
            (double rnnWindow, double rnnBeyond) = Rmse(test, rnn.Predict(held, test.Times));
            (double odeWindow, double odeBeyond) = Rmse(test, latent.Predict(held, test.Times));
            table.Add($"{n}/100", F(rnnWindow), F(odeWindow), F(chenRnn), F(chenOde), F(rnnBeyond), F(odeBeyond));
        }

        table.Save(s.Output, "spirals");
        Console.WriteLine(table.ToMarkdown());
        LatentOdePlots.Spirals(s, test, window, latent, rnn);
        return true;
    }

    /// <summary>
    /// The RMSE of predictions on the test grid against the noise-free truth: over the 100 window points (the table's
    /// predictive RMSE) and over the points after it (extrapolation), each the root of the mean over series, points and
    /// both coordinates.
    /// </summary>
    internal static (double Window, double Beyond) Rmse(SpiralSet truth, float[] predictions)
    {
        int points = truth.Times.Length;
        double window = 0, beyond = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            for (int k = 0; k < points; k++)
            {
                ReadOnlySpan<double> x = truth.TruthAt(i, k);
                int at = ((i * points) + k) * 2;
                double e = Math.Pow(predictions[at] - x[0], 2) + Math.Pow(predictions[at + 1] - x[1], 2);
                if (k < truth.Observed)
                {
                    window += e;
                }
                else
                {
                    beyond += e;
                }
            }
        }

        int after = points - truth.Observed;
        return (Math.Sqrt(window / (2.0 * truth.Count * truth.Observed)), after == 0 ? double.NaN : Math.Sqrt(beyond / (2.0 * truth.Count * after)));
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
