using System;
using System.Globalization;
using OdeKernels.Examples.Datasets;

namespace OdeKernels.Examples.LatentOde;

/// <summary>
/// The Poisson-process variant: event sequences of a rate driven by a known latent trajectory
/// (<see cref="RateDrivenEvents"/>), a latent ODE and a rate network trained by maximum likelihood from each
/// sequence's known z0, and the held-out log-likelihood against the true rate's and a constant rate's.
/// </summary>
internal static class PoissonReport
{
    /// <summary>Trains the variant and writes its table and figure; false when Ctrl-C stopped it.</summary>
    public static bool Run(LatentOdeSettings s)
    {
        var process = new RateDrivenEvents();
        EventSequences train = process.Sample(s.PoissonSequences, LatentOdeSettings.PoissonEnd, s.Seed + 10);
        EventSequences test = process.Sample(s.PoissonSequences, LatentOdeSettings.PoissonEnd, s.Seed + 11);
        Console.WriteLine($"poisson: {train.Count} training sequences ({train.Times.Length} events), {test.Count} held out ({test.Times.Length} events) on [0, {LatentOdeSettings.PoissonEnd}]");
        var model = new EventRateModel(s.Seed, s.Solver);
        var fit = new EventRateFit(model, train, train.Count);
        if (!TrainingRun.Train(s, "poisson", fit, s.PoissonIterations, s.PoissonLearningRate))
        {
            return false;
        }

        fit.Scatter();
        double learned = model.LogLikelihood(test) / test.Count;
        double truth = 0;
        for (int i = 0; i < test.Count; i++)
        {
            truth += process.LogLikelihood(test.Events(i), test.End, test.Phases[i]);
        }

        truth /= test.Count;

        // The best constant rate fitted on the training set, λ = events / time: what a model that ignores z achieves.
        double constant = train.Times.Length / (train.Count * train.End);
        double flat = ((test.Times.Length * Math.Log(constant)) - (test.Count * constant * test.End)) / test.Count;
        var table = new ResultTable("rate", "held-out log-likelihood per sequence (nats)");
        table.Add("true rate λ(t) = 3 + 2.5 cos(t + φ)", F(truth));
        table.Add("learned: latent ODE + λ(z) network", F(learned));
        table.Add($"constant rate (training MLE, {F(constant)})", F(flat));
        table.Save(s.Output, "poisson");
        Console.WriteLine(table.ToMarkdown());
        LatentOdePlots.Rates(s, process, test, model);
        return true;
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
