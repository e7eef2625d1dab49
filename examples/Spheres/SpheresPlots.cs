using System;
using OdeKernels.Reporting;

namespace OdeKernels.Examples.Spheres;

/// <summary>Trajectories of the block's state for d = 2: the training solver's steps against the accurate solver's curves.</summary>
internal static class SpheresPlots
{
    public static void Trajectories(string path, string title, ReadOnlySpan<float> coarse, int coarseSaves, ReadOnlySpan<float> fine, int fineSaves, int lanes, int[] labels, bool markers)
    {
        var plot = new SvgPlot { Title = title, XLabel = "state 1", YLabel = "state 2", Width = 760, Height = 640 };
        plot.Add("class 0, accurate solver", Series(fine, fineSaves, lanes, labels, 0, 0), Series(fine, fineSaves, lanes, labels, 0, 1), "#aec7e8");
        plot.Add("class 1, accurate solver", Series(fine, fineSaves, lanes, labels, 1, 0), Series(fine, fineSaves, lanes, labels, 1, 1), "#ffbb78");
        plot.Add("class 0, training solver", Series(coarse, coarseSaves, lanes, labels, 0, 0), Series(coarse, coarseSaves, lanes, labels, 0, 1), SvgPlot.Palette[0], markers);
        plot.Add("class 1, training solver", Series(coarse, coarseSaves, lanes, labels, 1, 0), Series(coarse, coarseSaves, lanes, labels, 1, 1), SvgPlot.Palette[1], markers);
        plot.Save(path);
    }

    /// <summary>One component of every trajectory of a class, joined into one series with NaN gaps between trajectories.</summary>
    private static double[] Series(ReadOnlySpan<float> states, int saves, int lanes, int[] labels, int label, int component)
    {
        int count = 0;
        for (int lane = 0; lane < lanes; lane++)
        {
            count += labels[lane] == label ? saves + 1 : 0;
        }

        var values = new double[count];
        int k = 0;
        for (int lane = 0; lane < lanes; lane++)
        {
            if (labels[lane] != label)
            {
                continue;
            }

            for (int save = 0; save < saves; save++)
            {
                values[k++] = states[(((save * lanes) + lane) * 2) + component];
            }

            values[k++] = double.NaN;
        }

        return values;
    }
}
