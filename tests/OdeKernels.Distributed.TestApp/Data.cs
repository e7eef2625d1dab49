using System;
using System.Globalization;
using System.IO;
using System.Numerics;

namespace OdeKernels.Distributed.TestApp;

/// <summary>The scenarios' data (the same on every rank and in the single-process runs) and the result files.</summary>
internal static class Data
{
    public static readonly double[] Times = [0, 0.25, 0.5, 0.75, 1.0];

    /// <summary>Initial states on rings of varying radius, lane after lane.</summary>
    public static T[] InitialStates<T>(int lanes)
        where T : IFloatingPointIeee754<T>
    {
        var y0 = new T[2 * lanes];
        for (int i = 0; i < lanes; i++)
        {
            double r = 0.5 + (0.5 * ((i * 7) % 11) / 11.0);
            y0[2 * i] = T.CreateChecked(r * Math.Cos(i));
            y0[(2 * i) + 1] = T.CreateChecked(r * Math.Sin(i));
        }

        return y0;
    }

    /// <summary>Observations: each initial state rotated by angle t and shrunk by e^(−t/2), time-major.</summary>
    public static T[] Observations<T>(ReadOnlySpan<T> y0)
        where T : IFloatingPointIeee754<T>
    {
        int lanes = y0.Length / 2;
        var observed = new T[Times.Length * y0.Length];
        for (int s = 0; s < Times.Length; s++)
        {
            double t = Times[s], c = Math.Cos(t) * Math.Exp(-t / 2), d = Math.Sin(t) * Math.Exp(-t / 2);
            for (int i = 0; i < lanes; i++)
            {
                double x = double.CreateChecked(y0[2 * i]), y = double.CreateChecked(y0[(2 * i) + 1]);
                observed[((s * lanes) + i) * 2] = T.CreateChecked((c * x) - (d * y));
                observed[(((s * lanes) + i) * 2) + 1] = T.CreateChecked((d * x) + (c * y));
            }
        }

        return observed;
    }

    public static T[] TimesOf<T>()
        where T : IFloatingPointIeee754<T> => Array.ConvertAll(Times, T.CreateChecked);

    /// <summary>Writes named arrays, one value per line in round-trip form, for the test to compare.</summary>
    public static void Write<T>(string path, params (string Name, T[] Values)[] arrays)
        where T : IFloatingPointIeee754<T>
    {
        using var writer = new StreamWriter(path);
        foreach ((string name, T[] values) in arrays)
        {
            writer.WriteLine($"# {name} {values.Length}");
            foreach (T v in values)
            {
                writer.WriteLine(v.ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }
}
