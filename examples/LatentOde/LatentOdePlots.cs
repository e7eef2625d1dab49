using System;
using System.Globalization;
using System.IO;
using OdeKernels.Examples.Datasets;
using OdeKernels.Reporting;

namespace OdeKernels.Examples.LatentOde;

/// <summary>The example's figures, drawn with the runtime's <see cref="SvgPlot"/>.</summary>
internal static class LatentOdePlots
{
    /// <summary>Test series drawn (alternately counter-clockwise and clockwise, as generated).</summary>
    private const int Shown = 4;

    /// <summary>Observations per shown series: the sparsest setting.</summary>
    private const int ShownObservations = 30;

    /// <summary>
    /// For <see cref="Shown"/> test series observed at 30 points: truth, observations, the latent ODE's reconstruction
    /// (window) and extrapolation (the next 100 points), and the RNN's; then the latent trajectories of 8 series.
    /// </summary>
    public static void Spirals(LatentOdeSettings s, SpiralSet test, double[] window, LatentSpiralModel latent, RnnSpiralModel rnn)
    {
        int count = Math.Min(Shown, test.Count), points = test.Times.Length, w = window.Length;
        ObservedSeries held = ObservedSeries.Subsampled(test, [ShownObservations], s.Seed + 3 + ShownObservations).Select(Range(count));
        float[] ode = latent.Predict(held, test.Times);
        float[] baseline = rnn.Predict(held, test.Times);
        for (int i = 0; i < count; i++)
        {
            double[] tx = new double[points], ty = new double[points];
            for (int k = 0; k < points; k++)
            {
                tx[k] = test.TruthAt(i, k)[0];
                ty[k] = test.TruthAt(i, k)[1];
            }

            int from = held.Offsets[i], n = held.Rows(i);
            double[] ox = new double[2 * n], oy = new double[2 * n];
            for (int r = 0; r < n; r++)
            {
                ox[2 * r] = held.Values[(from + r) * 2];
                oy[2 * r] = held.Values[((from + r) * 2) + 1];
                ox[(2 * r) + 1] = oy[(2 * r) + 1] = double.NaN;
            }

            string direction = test.Clockwise[i] ? "clockwise" : "counter-clockwise";
            new SvgPlot { Title = $"Test spiral {i + 1} ({direction}), {n} noisy observations", XLabel = "x", YLabel = "y", Width = 760, Height = 640 }
                .Add("truth", tx, ty, "#7f7f7f")
                .Add("observed (noisy)", ox, oy, SvgPlot.Palette[0], markers: true)
                .Add("latent ODE: reconstruction", Component(ode, i, points, 0, 0, w), Component(ode, i, points, 1, 0, w), SvgPlot.Palette[1])
                .Add("latent ODE: extrapolation", Component(ode, i, points, 0, w - 1, points), Component(ode, i, points, 1, w - 1, points), SvgPlot.Palette[3])
                .Add("RNN: reconstruction and extrapolation", Component(baseline, i, points, 0, 0, points), Component(baseline, i, points, 1, 0, points), SvgPlot.Palette[2])
                .Save(Path.Combine(s.Output, $"spiral-{i + 1}.svg"));
        }

        // Latent trajectories of 8 held-out series (z₁ against z₂ and every component over time for the first two).
        int traced = Math.Min(8, test.Count);
        float[] z = latent.Latent(ObservedSeries.Subsampled(test, [ShownObservations], s.Seed + 3 + ShownObservations).Select(Range(traced)), test.Times);
        int l = LatentSpiralModel.LatentSize;
        var phase = new SvgPlot { Title = "Learned latent trajectories z(t) of 8 test series (window and extrapolation)", XLabel = "z₁", YLabel = "z₂", Width = 760, Height = 640 };
        var time = new SvgPlot { Title = "Latent components z(t) of a counter-clockwise and a clockwise test series", XLabel = "t", YLabel = "z" };
        for (int i = 0; i < traced; i++)
        {
            string direction = test.Clockwise[i] ? "cw" : "ccw";
            phase.Add($"series {i + 1} ({direction})", Component(z, i, points, 0, 0, points, l), Component(z, i, points, 1, 0, points, l), SvgPlot.Palette[test.Clockwise[i] ? 3 : 0]);
            if (i < 2)
            {
                for (int c = 0; c < l; c++)
                {
                    time.Add($"z{c + 1}, series {i + 1} ({direction})", test.Times, Component(z, i, points, c, 0, points, l), SvgPlot.Palette[(4 * i) + c]);
                }
            }
        }

        phase.Save(Path.Combine(s.Output, "latent-phase.svg"));
        time.Save(Path.Combine(s.Output, "latent-time.svg"));
    }

    /// <summary>Learned against true rate over time for three held-out sequences, with their events.</summary>
    public static void Rates(LatentOdeSettings s, RateDrivenEvents process, EventSequences test, EventRateModel model)
    {
        const int Fine = 201, Sequences = 3;
        double[] grid = new double[Fine];
        for (int k = 0; k < Fine; k++)
        {
            grid[k] = test.End * k / (Fine - 1);
        }

        int count = Math.Min(Sequences, test.Count);
        EventSequences shown = test.Select(Range(count));
        double[] learned = model.RateAt(shown, grid);
        var plot = new SvgPlot { Title = "Poisson process: learned rate λ(z(t)) against the true rate, with the events (held-out sequences)", XLabel = "t", YLabel = "λ", Width = 900 };
        for (int i = 0; i < count; i++)
        {
            double[] truth = Array.ConvertAll(grid, t => process.Rate(t, shown.Phases[i]));
            string label = (i + 1).ToString(CultureInfo.InvariantCulture);
            plot.Add($"true rate, sequence {label}", grid, truth, SvgPlot.Palette[2 * i]);
            plot.Add($"learned rate, sequence {label}", grid, learned.AsSpan(i * Fine, Fine), SvgPlot.Palette[(2 * i) + 1]);
            ReadOnlySpan<double> events = shown.Events(i);
            double[] ex = new double[2 * events.Length], ey = new double[2 * events.Length];
            for (int e = 0; e < events.Length; e++)
            {
                ex[2 * e] = events[e];
                ey[2 * e] = -0.3 * (i + 1);
                ex[(2 * e) + 1] = ey[(2 * e) + 1] = double.NaN;
            }

            if (events.Length > 0)
            {
                plot.Add($"events, sequence {label}", ex, ey, SvgPlot.Palette[2 * i], markers: true);
            }
        }

        plot.Save(Path.Combine(s.Output, "poisson-rate.svg"));
    }

    /// <summary>Component <paramref name="c"/> of series <paramref name="i"/> at grid points [from, to), as doubles.</summary>
    private static double[] Component(float[] values, int i, int points, int c, int from, int to, int width = ObservedSeries.Width)
    {
        var result = new double[to - from];
        for (int k = from; k < to; k++)
        {
            result[k - from] = values[(((i * points) + k) * width) + c];
        }

        return result;
    }

    private static int[] Range(int count)
    {
        var range = new int[count];
        for (int i = 0; i < count; i++)
        {
            range[i] = i;
        }

        return range;
    }
}
