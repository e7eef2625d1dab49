using System;
using System.Linq;
using OdeKernels.Examples.Datasets;
using OdeKernels.Examples.LatentOde;
using OdeKernels.Training;

namespace OdeKernels.Examples.Tests.LatentOde;

/// <summary>
/// The data of the latent ODE example: Chen et al.'s spirals turn the way their labels say, start at their own points
/// and carry noise of the stated size; subsamples are strictly increasing subsets of the window; seeds reproduce
/// everything; the Poisson variant's events have the right mean count and its true log-likelihood the closed form.
/// </summary>
public sealed class LatentOdeDataTests
{
    [Fact]
    public void SpiralsAlternateDirectionAndEachTurnsTheWayItsLabelSays()
    {
        SpiralSet set = ChenSpirals.Generate(40, seed: 3, extrapolation: 50);
        Assert.Equal(150, set.Times.Length);
        Assert.Equal(ChenSpirals.WindowPoints, set.Observed);
        var starts = new System.Collections.Generic.HashSet<(double, double)>();
        for (int i = 0; i < set.Count; i++)
        {
            Assert.Equal(i % 2 == 1, set.Clockwise[i]);
            double centre = set.Clockwise[i] ? 5 : -5;

            // The signed area swept around the spiral's centre: positive counter-clockwise, negative clockwise.
            double swept = 0;
            for (int k = 1; k < set.Times.Length; k++)
            {
                ReadOnlySpan<double> a = set.TruthAt(i, k - 1), b = set.TruthAt(i, k);
                swept += ((a[0] - centre) * b[1]) - (a[1] * (b[0] - centre));
            }

            Assert.True(set.Clockwise[i] ? swept < 0 : swept > 0, $"series {i}: swept {swept}");
            Assert.True(starts.Add((set.TruthAt(i, 0)[0], set.TruthAt(i, 0)[1])), $"series {i} starts where another does");
        }
    }

    [Fact]
    public void TheNoiseHasTheStatedStandardDeviationAndTheGridItsStep()
    {
        SpiralSet set = ChenSpirals.Generate(500, seed: 4);
        double[] residuals = set.Noisy.Zip(set.Truth, (n, t) => n - t).ToArray();
        double mean = residuals.Average(), std = Math.Sqrt(residuals.Select(r => (r - mean) * (r - mean)).Average());
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, ChenSpirals.NoiseStd - 0.01, ChenSpirals.NoiseStd + 0.01);
        for (int k = 0; k < set.Times.Length; k++)
        {
            Assert.Equal(k * ChenSpirals.Step, set.Times[k], 12);
        }
    }

    [Theory]
    [InlineData(30)]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(1)]
    public void ASubsampleIsAStrictlyIncreasingSubsetOfTheWindow(int observed)
    {
        var random = new TrainingRandom(7);
        var seen = new bool[ChenSpirals.WindowPoints];
        for (int draw = 0; draw < 200; draw++)
        {
            int[] indices = ChenSpirals.Subsample(ChenSpirals.WindowPoints, observed, random);
            Assert.Equal(observed, indices.Length);
            Assert.InRange(indices[0], 0, ChenSpirals.WindowPoints - 1);
            for (int r = 1; r < indices.Length; r++)
            {
                Assert.True(indices[r] > indices[r - 1], $"draw {draw}: {indices[r - 1]} then {indices[r]}");
            }

            Assert.InRange(indices[^1], 0, ChenSpirals.WindowPoints - 1);
            foreach (int k in indices)
            {
                seen[k] = true;
            }
        }

        // Over 200 draws every window point is chosen at least once (a subset drawn uniformly, not a fixed one).
        if (observed > 1)
        {
            Assert.All(seen, Assert.True);
        }
    }

    [Fact]
    public void TheObservedSeriesCarryTheNoisyValuesAtTheirGridTimesAndMixTheCounts()
    {
        SpiralSet set = ChenSpirals.Generate(60, seed: 5);
        ObservedSeries observed = ObservedSeries.Subsampled(set, [30, 50, 100], seed: 6);
        Assert.Equal(60, observed.Count);
        Assert.Equal(new[] { 30, 50, 100 }, Enumerable.Range(0, 60).Select(observed.Rows).Distinct().Order().ToArray());
        for (int i = 0; i < observed.Count; i++)
        {
            for (int r = 0; r < observed.Rows(i); r++)
            {
                int row = observed.Offsets[i] + r;
                int k = (int)Math.Round(observed.Times[row] / ChenSpirals.Step);
                Assert.Equal((float)set.Times[k], observed.Times[row]);
                Assert.Equal((float)set.Noisy[((i * set.Times.Length) + k) * 2], observed.Values[row * 2]);
                Assert.Equal((float)set.Noisy[(((i * set.Times.Length) + k) * 2) + 1], observed.Values[(row * 2) + 1]);
            }
        }
    }

    [Fact]
    public void TheSeedDecidesTheDataAndTheSubsamples()
    {
        SpiralSet a = ChenSpirals.Generate(20, seed: 8), b = ChenSpirals.Generate(20, seed: 8), c = ChenSpirals.Generate(20, seed: 9);
        Assert.Equal(a.Noisy, b.Noisy);
        Assert.NotEqual(a.Noisy, c.Noisy);
        ObservedSeries x = ObservedSeries.Subsampled(a, [30, 50], seed: 1), y = ObservedSeries.Subsampled(a, [30, 50], seed: 1), z = ObservedSeries.Subsampled(a, [30, 50], seed: 2);
        Assert.Equal(x.Times, y.Times);
        Assert.Equal(x.Values, y.Values);
        Assert.NotEqual(x.Times, z.Times);
        EventSequences e = new RateDrivenEvents().Sample(10, 5, seed: 3), f = new RateDrivenEvents().Sample(10, 5, seed: 3);
        Assert.Equal(e.Times, f.Times);
        Assert.Equal(e.Offsets, f.Offsets);
    }

    [Fact]
    public void TheTrueLogLikelihoodOfAConstantRateIsTheClosedForm()
    {
        // d = 0: λ = c, so log p = k log c − cT whatever the phase and the event times.
        var constant = new RateDrivenEvents(Base: 2.0, Amplitude: 0.0);
        EventSequences events = constant.Sample(30, 4.0, seed: 12);
        for (int i = 0; i < events.Count; i++)
        {
            int k = events.Events(i).Length;
            double expected = (k * Math.Log(2.0)) - (2.0 * 4.0);
            Assert.Equal(expected, constant.LogLikelihood(events.Events(i), 4.0, events.Phases[i]), 12);
        }
    }

    [Fact]
    public void TheIntegratedRateMatchesQuadratureAndTheMeanEventCountMatchesIt()
    {
        var process = new RateDrivenEvents();
        const double End = 10, Phase = 0.7;

        // Composite Simpson's rule on 2,000 panels: an independent reference for the closed-form integral.
        const int Panels = 2000;
        double h = End / Panels, simpson = process.Rate(0, Phase) + process.Rate(End, Phase);
        for (int j = 1; j < Panels; j++)
        {
            simpson += (j % 2 == 1 ? 4 : 2) * process.Rate(j * h, Phase);
        }

        Assert.Equal(simpson * h / 3, process.Integral(End, Phase), 9);

        // With uniform phases the expected count is cT = 30; 2,000 sequences put the sample mean within ±0.5 (4 σ).
        EventSequences events = process.Sample(2000, End, seed: 13);
        double mean = events.Times.Length / 2000.0;
        Assert.InRange(mean, 29.5, 30.5);
        for (int i = 0; i < events.Count; i++)
        {
            ReadOnlySpan<double> times = events.Events(i);
            for (int e = 1; e < times.Length; e++)
            {
                Assert.True(times[e] > times[e - 1]);
            }

            Assert.True(times.IsEmpty || (times[0] >= 0 && times[^1] < End));
            Assert.Equal(Math.Cos(events.Phases[i]), events.Z0[2 * i], 15);
        }
    }
}
