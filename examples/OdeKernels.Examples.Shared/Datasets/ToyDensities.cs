using System;
using System.Globalization;
using System.IO;
using System.Text;
using OdeKernels.Training;

namespace OdeKernels.Examples.Datasets;

/// <summary>
/// The five 2-D densities of FFJORD's toy experiments (Grathwohl et al. 2019, <c>lib/toy_data.py</c>), sampled from
/// their closed forms with the run's seeded stream, so that the same seed gives the same points here and in the
/// PyTorch peer (bench/peers/cnf_torchdiffeq.py reads the points <see cref="TrainAndTest"/> writes, for the Flows
/// example and for the benchmark report alike).
/// </summary>
/// <remarks>Thread safety: stateless; each call draws from the stream it is given (one stream per thread).</remarks>
public static class ToyDensities
{
    /// <summary>The densities' names, as <see cref="Sample"/> and the command lines take them.</summary>
    public static readonly string[] Names = ["moons", "8gaussians", "pinwheel", "checkerboard", "rings"];

    /// <summary>Draws <paramref name="count"/> points of <paramref name="name"/>, x then y, point after point.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="count">The number of points.</param>
    /// <param name="random">The stream the points are drawn from.</param>
    /// <returns>2 × <paramref name="count"/> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="name"/> is not one of <see cref="Names"/>.</exception>
    public static double[] Sample(string name, int count, TrainingRandom random)
    {
        var xy = new double[2 * count];
        for (int i = 0; i < count; i++)
        {
            (double x, double y) = name switch
            {
                "moons" => Moons(random),
                "8gaussians" => EightGaussians(random),
                "pinwheel" => Pinwheel(random),
                "checkerboard" => Checkerboard(random),
                "rings" => Rings(random),
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"the densities are {string.Join(", ", Names)}."),
            };
            xy[2 * i] = x;
            xy[(2 * i) + 1] = y;
        }

        return xy;
    }

    /// <summary>
    /// The training and held-out points of a density (the streams of <paramref name="seed"/> and <paramref name="seed"/>
    /// + 1), also written to <c>{directory}/{name}-train.csv</c> and <c>-test.csv</c> (header <c>x,y</c>, round-trip
    /// literals) for the PyTorch peer.
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="trainPoints">Training points.</param>
    /// <param name="testPoints">Held-out points.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="directory">Where the CSV files go (created if missing).</param>
    /// <returns>Both sets, x then y, point after point.</returns>
    public static (double[] Train, double[] Test) TrainAndTest(string name, int trainPoints, int testPoints, ulong seed, string directory)
    {
        double[] train = Sample(name, trainPoints, new TrainingRandom(seed));
        double[] test = Sample(name, testPoints, new TrainingRandom(seed + 1));
        Directory.CreateDirectory(directory);
        WritePoints(Path.Combine(directory, name + "-train.csv"), train);
        WritePoints(Path.Combine(directory, name + "-test.csv"), test);
        return (train, test);
    }

    private static void WritePoints(string path, double[] xy)
    {
        var text = new StringBuilder("x,y\n");
        for (int i = 0; i < xy.Length; i += 2)
        {
            text.Append(xy[i].ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(xy[i + 1].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        // Written whole then renamed, as every output of the examples.
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text.ToString());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>sklearn's two moons (noise 0.1), scaled by 2 and shifted by (−1, −0.2).</summary>
    private static (double, double) Moons(TrainingRandom random)
    {
        double angle = Math.PI * random.NextDouble();
        bool inner = random.NextDouble() < 0.5;
        double x = inner ? 1 - Math.Cos(angle) : Math.Cos(angle);
        double y = inner ? 0.5 - Math.Sin(angle) : Math.Sin(angle);
        x += 0.1 * random.NextGaussian();
        y += 0.1 * random.NextGaussian();
        return ((2 * x) - 1, (2 * y) - 0.2);
    }

    /// <summary>Eight unit-variance-0.25 Gaussians on a circle of radius 4, divided by 1.414.</summary>
    private static (double, double) EightGaussians(TrainingRandom random)
    {
        double angle = 2 * Math.PI * random.NextInt32(8) / 8;
        double x = (4 * Math.Cos(angle)) + (0.5 * random.NextGaussian());
        double y = (4 * Math.Sin(angle)) + (0.5 * random.NextGaussian());
        return (x / 1.414, y / 1.414);
    }

    /// <summary>Five arms: a Gaussian (σ 0.3 radial, 0.1 tangential) at (1, 0), rotated by its arm's angle + 0.25 e^{radial}, times 2.</summary>
    private static (double, double) Pinwheel(TrainingRandom random)
    {
        double radial = 1 + (0.3 * random.NextGaussian()), tangential = 0.1 * random.NextGaussian();
        double angle = (2 * Math.PI * random.NextInt32(5) / 5) + (0.25 * Math.Exp(radial));
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return (2 * ((radial * c) - (tangential * s)), 2 * ((radial * s) + (tangential * c)));
    }

    /// <summary>Uniform on the eight dark squares of a 4 × 4 board on [−4, 4]².</summary>
    private static (double, double) Checkerboard(TrainingRandom random)
    {
        double x1 = (random.NextDouble() * 4) - 2;
        double x2 = random.NextDouble() - (random.NextInt32(2) * 2) + (Math.Floor(x1) % 2 == 0 ? 0 : 1);
        return (2 * x1, 2 * x2);
    }

    /// <summary>Four concentric circles of radii 0.75, 1.5, 2.25, 3 with Gaussian noise 0.08.</summary>
    private static (double, double) Rings(TrainingRandom random)
    {
        double radius = 0.75 * (1 + random.NextInt32(4));
        double angle = 2 * Math.PI * random.NextDouble();
        return ((radius * Math.Cos(angle)) + (0.08 * random.NextGaussian()), (radius * Math.Sin(angle)) + (0.08 * random.NextGaussian()));
    }
}
