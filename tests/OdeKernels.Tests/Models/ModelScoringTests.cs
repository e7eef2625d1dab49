using System;
using OdeKernels;
using OdeKernels.Models;

namespace OdeKernels.Tests.Models;

/// <summary>
/// Scoring more samples than <see cref="OdeModel{TStem, TDynamics, TTableau, THead, T}.ForwardChunk"/> in one call
/// (a data set at the end of an epoch, a test set) solves them a chunk at a time: every sample's output is the bits of
/// that sample scored alone, the work counters are the sums of the samples' own, and a VJP after such a call still
/// gives the gradient of a VJP with a fresh forward pass.
/// </summary>
public sealed class ModelScoringTests
{
    private const int Chunk = OdeModel<Stem64, Field64, Dopri5, Head64, double>.ForwardChunk;

    [Fact]
    public void ScoringInChunksGivesEachSampleItsOwnBitsAndSumsTheWork()
    {
        var model = Model();
        int count = 2 * Chunk + 37, n = model.Inputs, m = model.Outputs;
        double[] x = Inputs(count, n, seed: 17);
        var y = new double[count * m];
        model.Forward(x, y, count);
        SolverStats whole = model.ForwardStats;

        long evaluations = 0, accepted = 0, rejected = 0;
        var alone = new double[m];
        for (int s = 0; s < count; s++)
        {
            model.Forward(x.AsSpan(s * n, n), alone, 1);
            evaluations += model.ForwardStats.Evaluations;
            accepted += model.ForwardStats.AcceptedSteps;
            rejected += model.ForwardStats.RejectedSteps;
            Assert.True(alone.AsSpan().SequenceEqual(y.AsSpan(s * m, m)), $"sample {s}");
        }

        Assert.Equal(new SolverStats(evaluations, accepted, rejected), whole);
        Assert.True(rejected > 0 || accepted > count, "the adaptive solves should take several steps per sample");
    }

    [Fact]
    public void ForwardWithAnotherSolverScoresInChunksToo()
    {
        var model = Model();
        int count = Chunk + 5, n = model.Inputs, m = model.Outputs;
        double[] x = Inputs(count, n, seed: 23);
        var y = new double[count * m];
        var options = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };
        SolverStats stats = model.Forward<Tsit5>(x, y, count, options);

        var alone = new double[m];
        long evaluations = 0;
        foreach (int s in new[] { 0, Chunk - 1, Chunk, count - 1 })
        {
            evaluations += model.Forward<Tsit5>(x.AsSpan(s * n, n), alone, 1, options).Evaluations;
            Assert.True(alone.AsSpan().SequenceEqual(y.AsSpan(s * m, m)), $"sample {s}");
        }

        Assert.True(stats.Evaluations > evaluations, "the whole call counts every sample's evaluations");
    }

    [Fact]
    public void VjpAfterScoringADataSetMatchesAVjpAfterItsOwnForward()
    {
        var model = Model();
        int n = model.Inputs, m = model.Outputs, batch = 8;
        double[] data = Inputs(Chunk + 1, n, seed: 29);
        double[] x = data.AsSpan(0, batch * n).ToArray();
        double[] a = Inputs(batch, m, seed: 31);

        var expected = new double[model.ParameterCount];
        model.Forward(x, new double[batch * m], batch);
        model.Vjp(x, a, default, expected, batch);

        model.Forward(data, new double[(Chunk + 1) * m], Chunk + 1); // drops what the batch's forward kept
        var actual = new double[model.ParameterCount];
        model.Vjp(x, a, default, actual, batch);
        Assert.Equal(expected, actual);
    }

    private static OdeModel<Stem64, Field64, Dopri5, Head64, double> Model() =>
        new(new Stem64(1), new Field64(2), new Head64(3), new OdeBlockOptions { Solver = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 } }, augment: 1);

    private static double[] Inputs(int count, int width, int seed)
    {
        var random = new Random(seed);
        var x = new double[count * width];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 2 * random.NextDouble() - 1;
        }

        return x;
    }
}
