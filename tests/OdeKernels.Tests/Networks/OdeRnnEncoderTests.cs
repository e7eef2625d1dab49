using System;
using OdeKernels;
using OdeKernels.Tests.Flows;
using OdeKernels.Tests.Latent;

namespace OdeKernels.Tests.Networks;

/// <summary>
/// The ODE-RNN encoder (Rubanova et al., 2019) over a ragged batch of series with different lengths and gaps: its
/// result against a float64 reference that runs each series alone backwards (a hand-written RK4 integrating the
/// hidden dynamics from each observation down to the one before, the reference GRU at each observation), and its
/// gradients (cell, hidden dynamics, output network, values and times) against float64 central differences of the
/// whole encoder, with every adjoint.
/// </summary>
public sealed class OdeRnnEncoderTests
{
    // Four series of 3, 1, 0 and 4 rows, observations of 2 values; gaps off the fixed-step grid.
    private static readonly int[] Offsets = [0, 3, 4, 4, 8];
    private static readonly double[] Times = [0.0, 0.33, 1.17, 0.5, -0.2, 0.13, 0.187, 0.93];

    // Fixed steps: the finite differences see a smooth function (no step-size decisions flip).
    private static readonly SolverOptions Fixed = new() { FixedStep = 0.01 };

    private static double[] Values() => NetworkTestData.Uniform(new Random(61), 8 * 2, 1.5);

    private static OdeRnnEncoder<OdeRnnField64, Tsit5, double> NewEncoder(SolverOptions solver, AdjointMethod adjoint = AdjointMethod.Backsolve) =>
        new(new OdeRnnCell64(62), new OdeRnnField64(63), new OdeRnnHead64(64), solver, adjoint);

    [Fact]
    public void EncodesEachSeriesBackwardsThroughItsOwnGaps()
    {
        var encoder = NewEncoder(new SolverOptions { RelativeTolerance = 1e-11, AbsoluteTolerance = 1e-13 });
        double[] values = Values();
        var result = new double[4 * 4];
        encoder.Encode(Offsets, Times, values, result);
        Assert.Equal(2, encoder.ObservationWidth);
        Assert.Equal(2, encoder.LatentSize);

        RecurrentReference gru = RecurrentReference.Gru(2, 3);
        double[] theta = encoder.Cell.Parameters.ToArray(), w = encoder.Output.Parameters.ToArray();
        for (int i = 0; i < 4; i++)
        {
            var h = new double[3];
            for (int r = Offsets[i + 1] - 1; r >= Offsets[i]; r--)
            {
                if (r < Offsets[i + 1] - 1)
                {
                    h = Rk4(encoder.Dynamics, h, Times[r + 1], Times[r], 4000);
                }

                h = gru.Step(theta, [values[2 * r], values[(2 * r) + 1], .. h]);
            }

            // The head: Dense(4) on h, weight [4, 3] then bias.
            var expected = new double[4];
            for (int o = 0; o < 4; o++)
            {
                expected[o] = w[12 + o];
                for (int j = 0; j < 3; j++)
                {
                    expected[o] += w[(o * 3) + j] * h[j];
                }
            }

            NetworkTestData.AssertClose(expected, result.AsSpan(4 * i, 4), 1e-9, $"series {i}");
        }
    }

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Backsolve)]
    [InlineData(AdjointMethod.Checkpointed)]
    public void GradientsMatchFiniteDifferences(AdjointMethod adjoint)
    {
        var encoder = NewEncoder(Fixed, adjoint);
        double[] values = Values(), times = (double[])Times.Clone();
        double[] c = NetworkTestData.Uniform(new Random(65), 16, 1.0);
        var result = new double[16];
        encoder.Encode(Offsets, times, values, result);

        // Backward adds: start every gradient from known values and subtract them after.
        double[][] start =
        [
            NetworkTestData.Uniform(new Random(66), encoder.Cell.ParameterCount, 1.0),
            NetworkTestData.Uniform(new Random(67), encoder.Dynamics.ParameterCount, 1.0),
            NetworkTestData.Uniform(new Random(68), encoder.Output.ParameterCount, 1.0),
            NetworkTestData.Uniform(new Random(69), values.Length, 1.0),
            NetworkTestData.Uniform(new Random(70), times.Length, 1.0),
        ];
        double[][] g = Array.ConvertAll(start, s => (double[])s.Clone());
        encoder.Backward(c, new SeriesEncoderGradients<double> { Cell = g[0], Dynamics = g[1], Output = g[2], Values = g[3], Times = g[4] });
        for (int p = 0; p < g.Length; p++)
        {
            for (int q = 0; q < g[p].Length; q++)
            {
                g[p][q] -= start[p][q];
            }
        }

        double Value()
        {
            encoder.Encode(Offsets, times, values, result);
            return Dot(result, c);
        }

        FiniteDifference.AssertClose(LatentOdeObjectiveTests.Perturbed(encoder.Cell.Parameters, Value), g[0], 1e-6, $"{adjoint}: cell");
        FiniteDifference.AssertClose(LatentOdeObjectiveTests.Perturbed(encoder.Dynamics.Parameters, Value), g[1], 1e-6, $"{adjoint}: hidden dynamics");
        FiniteDifference.AssertClose(LatentOdeObjectiveTests.Perturbed(encoder.Output.Parameters, Value), g[2], 1e-6, $"{adjoint}: output");
        FiniteDifference.AssertClose(LatentOdeObjectiveTests.Perturbed(values, Value), g[3], 1e-6, $"{adjoint}: values");
        FiniteDifference.AssertClose(LatentOdeObjectiveTests.Perturbed(times, Value), g[4], 1e-6, $"{adjoint}: times");

        // Every part of the gradient is live: a test of zeros against zeros would pass without the code.
        foreach (double[] part in g)
        {
            Assert.Contains(part, v => Math.Abs(v) > 1e-3);
        }
    }

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Backsolve)]
    public void OneLaneDynamicsGiveWhatBatchedDynamicsGive(AdjointMethod adjoint)
    {
        // The generated field is batched (the solver runs it on lane blocks); the same field behind IDifferentiableSystem
        // alone goes one lane at a time: both paths of the backwards-in-time system must agree.
        var batched = NewEncoder(Fixed, adjoint);
        var field = new OdeRnnField64(63);
        var oneLane = new OdeRnnEncoder<OneLane, Tsit5, double>(new OdeRnnCell64(62), new OneLane(field), new OdeRnnHead64(64), Fixed, adjoint);
        Assert.True(BackwardInTime<OdeRnnField64, double>.For(field) is IBatchedDifferentiableSystem<double>);
        Assert.False(BackwardInTime<OneLane, double>.For(new OneLane(field)) is IBatchedOdeSystem<double>);
        double[] values = Values();
        double[] c = NetworkTestData.Uniform(new Random(72), 16, 1.0);
        var expected = new double[16];
        var actual = new double[16];
        batched.Encode(Offsets, Times, values, expected);
        oneLane.Encode(Offsets, Times, values, actual);
        NetworkTestData.AssertClose(expected, actual, 1e-12, "result");

        var dBatched = new double[field.ParameterCount];
        var dOneLane = new double[field.ParameterCount];
        var tBatched = new double[Times.Length];
        var tOneLane = new double[Times.Length];
        batched.Backward(c, new SeriesEncoderGradients<double> { Dynamics = dBatched, Times = tBatched });
        oneLane.Backward(c, new SeriesEncoderGradients<double> { Dynamics = dOneLane, Times = tOneLane });
        NetworkTestData.AssertClose(dBatched, dOneLane, 1e-10, "hidden dynamics");
        NetworkTestData.AssertClose(tBatched, tOneLane, 1e-10, "times");
    }

    [Fact]
    public void FloatEncoderAgreesWithDouble()
    {
        var encoder64 = NewEncoder(Fixed);
        static float[] Single(Span<double> values) => Array.ConvertAll(values.ToArray(), v => (float)v);
        var encoder32 = new OdeRnnEncoder<OdeRnnField32, Tsit5, float>(
            new OdeRnnCell32(Single(encoder64.Cell.Parameters)), new OdeRnnField32(Single(encoder64.Dynamics.Parameters)),
            new OdeRnnHead32(Single(encoder64.Output.Parameters)), Fixed);
        double[] values = Values();
        double[] c = NetworkTestData.Uniform(new Random(73), 16, 1.0);
        var result64 = new double[16];
        var result32 = new float[16];
        encoder64.Encode(Offsets, Times, values, result64);
        encoder32.Encode(Offsets, Single(Times), Single(values), result32);
        NetworkTestData.AssertClose(result64, Array.ConvertAll(result32, v => (double)v), 1e-5, "float result");

        var d64 = new double[encoder64.Dynamics.ParameterCount];
        var d32 = new float[d64.Length];
        var t64 = new double[Times.Length];
        var t32 = new float[Times.Length];
        encoder64.Backward(c, new SeriesEncoderGradients<double> { Dynamics = d64, Times = t64 });
        encoder32.Backward(Single(c), new SeriesEncoderGradients<float> { Dynamics = d32, Times = t32 });
        NetworkTestData.AssertClose(d64, Array.ConvertAll(d32, v => (double)v), 1e-4, "float hidden dynamics gradient");
        NetworkTestData.AssertClose(t64, Array.ConvertAll(t32, v => (double)v), 1e-4, "float times gradient");
    }

    [Fact]
    public void TheSeriesEncoderInterfaceSkipsEmptySpans()
    {
        var encoder = NewEncoder(Fixed);
        double[] values = Values();
        double[] c = NetworkTestData.Uniform(new Random(71), 16, 1.0);
        var result = new double[16];
        ISeriesEncoder<double> asInterface = encoder;
        asInterface.Encode(Offsets, Times, values, result);
        var all = new double[encoder.Dynamics.ParameterCount];
        asInterface.Backward(c, new SeriesEncoderGradients<double> { Dynamics = all });
        var alone = new double[encoder.Dynamics.ParameterCount];
        var cell = new double[encoder.Cell.ParameterCount];
        asInterface.Backward(c, new SeriesEncoderGradients<double> { Cell = cell, Dynamics = alone, Values = new double[16] });
        Assert.Equal(all, alone);
        Assert.Equal(encoder.Dynamics.ParameterCount, asInterface.DynamicsParameters.Length);
    }

    [Fact]
    public void MalformedInputIsRefusedByName()
    {
        var encoder = NewEncoder(Fixed);
        var result = new double[16];
        double[] values = Values();
        Assert.Throws<InvalidOperationException>(() => encoder.Backward(new double[16], default));
        Assert.Equal("times", Assert.Throws<ArgumentException>(() => encoder.Encode(Offsets, [0.0, 0.33, 0.33, 0.5, -0.2, 0.13, 0.187, 0.93], values, result)).ParamName);
        Assert.Equal("result", Assert.Throws<ArgumentException>(() => encoder.Encode(Offsets, Times, values, new double[15])).ParamName);
        encoder.Encode(Offsets, Times, values, result);
        Assert.Equal("gradients.Times", Assert.Throws<ArgumentException>(() => encoder.Backward(new double[16], new SeriesEncoderGradients<double> { Times = new double[7] })).ParamName);
        Assert.Equal("gradients.Dynamics", Assert.Throws<ArgumentException>(() => encoder.Backward(new double[16], new SeriesEncoderGradients<double> { Dynamics = new double[1] })).ParamName);
        Assert.Equal("cotangent", Assert.Throws<ArgumentException>(() => encoder.Backward(new double[15], default)).ParamName);
        Assert.Equal("dynamics", Assert.Throws<ArgumentException>(() => new OdeRnnEncoder<LatentField64, Tsit5, double>(new OdeRnnCell64(1), new LatentField64(2), new OdeRnnHead64(3))).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => new OdeRnnEncoder<OdeRnnField64, Tsit5, double>(new OdeRnnCell64(1), new OdeRnnField64(2), new EncoderHead64(3))).ParamName);
        Assert.Equal("cell", Assert.Throws<ArgumentException>(() => new OdeRnnEncoder<OdeRnnField64, Tsit5, double>(new IdentityNetwork<double>(3), new OdeRnnField64(2), new OdeRnnHead64(3))).ParamName);
        var cuda = NewEncoder(new SolverOptions { Backend = Backend.Cuda });
        Assert.Throws<NotSupportedException>(() => cuda.Encode(Offsets, Times, values, result));
    }

    /// <summary>Classical RK4 of dh/dt = f(h) from <paramref name="from"/> to <paramref name="to"/> (backwards when to &lt; from) in <paramref name="steps"/> equal steps.</summary>
    private static double[] Rk4(IOdeSystem<double> f, double[] h, double from, double to, int steps)
    {
        double dt = (to - from) / steps;
        int n = h.Length;
        double[] y = (double[])h.Clone(), k1 = new double[n], k2 = new double[n], k3 = new double[n], k4 = new double[n], tmp = new double[n];
        for (int s = 0; s < steps; s++)
        {
            f.Evaluate(0, y, k1);
            Stage(y, k1, dt / 2, tmp);
            f.Evaluate(0, tmp, k2);
            Stage(y, k2, dt / 2, tmp);
            f.Evaluate(0, tmp, k3);
            Stage(y, k3, dt, tmp);
            f.Evaluate(0, tmp, k4);
            for (int c = 0; c < n; c++)
            {
                y[c] += dt / 6 * (k1[c] + (2 * k2[c]) + (2 * k3[c]) + k4[c]);
            }
        }

        return y;
    }

    private static void Stage(double[] y, double[] k, double step, double[] into)
    {
        for (int c = 0; c < y.Length; c++)
        {
            into[c] = y[c] + (step * k[c]);
        }
    }

    private static double Dot(double[] u, double[] v)
    {
        double sum = 0;
        for (int i = 0; i < u.Length; i++)
        {
            sum += u[i] * v[i];
        }

        return sum;
    }

    /// <summary>A generated field behind the one-lane interface only, so the solver cannot batch it.</summary>
    private sealed class OneLane(OdeRnnField64 inner) : IDifferentiableSystem<double>
    {
        public int StateSize => inner.StateSize;

        public int ParameterCount => inner.ParameterCount;

        public Span<double> Parameters => inner.Parameters;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => inner.Evaluate(t, y, dydt);

        public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta) => inner.Vjp(t, y, a, dy, dtheta);
    }
}
