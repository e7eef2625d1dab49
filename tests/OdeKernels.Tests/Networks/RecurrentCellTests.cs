using System;
using System.Linq;
using OdeKernels;
using OdeKernels.Checkpoints;

namespace OdeKernels.Tests.Networks;

/// <summary>
/// The generated GRU and RNN cells: forward against the float64 reference of PyTorch's formulas, the vector-Jacobian
/// product against float64 central differences, every lane count (a series' result does not depend on its lane),
/// PyTorch's initialisation from the documented seed stream, and the checkpoint tensors of <c>nn.GRUCell</c>.
/// </summary>
public sealed class RecurrentCellTests
{
    public static TheoryData<string> DoubleCells => new() { "Gru", "GruNoBias", "GruWide", "Rnn", "RnnSoftplus" };

    internal static (INetwork<double> Cell, RecurrentReference Reference) Double(string name, int seed) => name switch
    {
        "Gru" => (new Gru64(seed), RecurrentReference.Gru(3, 5)),
        "GruNoBias" => (new GruNoBias64(seed), RecurrentReference.Gru(2, 3, bias: false)),
        "GruWide" => (new GruWide64(seed), RecurrentReference.Gru(6, 56)),
        "Rnn" => (new Rnn64(seed), RecurrentReference.Rnn(2, 4, Math.Tanh)),
        "RnnSoftplus" => (new RnnSoftplus64(seed), RecurrentReference.Rnn(3, 2, RecurrentReference.Softplus, bias: false)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(DoubleCells))]
    public void ShapesFollowPyTorch(string name)
    {
        (INetwork<double> cell, RecurrentReference reference) = Double(name, seed: 1);
        Assert.Equal(reference.Inputs + reference.Hidden, cell.Inputs);
        Assert.Equal(reference.Hidden, cell.Outputs);
        Assert.Equal(reference.ParameterCount, cell.ParameterCount);
        DynamicsLayer layer = Assert.Single(cell.Layers);
        Assert.Equal(reference.IsGru ? DynamicsLayerKind.Gru : DynamicsLayerKind.Rnn, layer.Kind);
        Assert.Equal(cell.ParameterCount, layer.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(DoubleCells))]
    public void ForwardMatchesTheReference(string name)
    {
        (INetwork<double> cell, RecurrentReference reference) = Double(name, seed: 3);
        var random = new Random(5);
        const int Count = 19;
        double[] x = NetworkTestData.Uniform(random, Count * cell.Inputs, 2.0);
        var y = new double[Count * cell.Outputs];
        cell.Forward(x, y, Count);
        for (int s = 0; s < Count; s++)
        {
            double[] expected = reference.Step(cell.Parameters, x.AsSpan(s * cell.Inputs, cell.Inputs));
            NetworkTestData.AssertClose(expected, y.AsSpan(s * cell.Outputs, cell.Outputs), 1e-13, $"{name}, sample {s}");
        }
    }

    [Fact]
    public void FloatCellsMatchTheReference()
    {
        var random = new Random(7);
        (INetwork<float> Cell, RecurrentReference Reference)[] cells =
        [
            (new Gru32(11), RecurrentReference.Gru(3, 5)),
            (new RnnRelu32(11), RecurrentReference.Rnn(2, 4, RecurrentReference.Relu)),
        ];
        foreach ((INetwork<float> cell, RecurrentReference reference) in cells)
        {
            const int Count = 23;
            float[] x = NetworkTestData.UniformSingle(random, Count * cell.Inputs, 2.0);
            var y = new float[Count * cell.Outputs];
            cell.Forward(x, y, Count);
            double[] theta = Array.ConvertAll(cell.Parameters.ToArray(), v => (double)v);
            for (int s = 0; s < Count; s++)
            {
                double[] sample = Array.ConvertAll(x.AsSpan(s * cell.Inputs, cell.Inputs).ToArray(), v => (double)v);
                double[] expected = reference.Step(theta, sample);
                double[] actual = Array.ConvertAll(y.AsSpan(s * cell.Outputs, cell.Outputs).ToArray(), v => (double)v);
                NetworkTestData.AssertClose(expected, actual, 2e-6, $"{cell.GetType().Name}, sample {s}");
            }

            // The float VJP against float64 central differences of the reference at the float parameters.
            float[] a = NetworkTestData.UniformSingle(random, cell.Outputs, 1.0);
            var dx = new float[cell.Inputs];
            var dtheta = new float[cell.ParameterCount];
            cell.Vjp(x.AsSpan(0, cell.Inputs), a, dx, dtheta, 1);
            double[] x0 = Array.ConvertAll(x.AsSpan(0, cell.Inputs).ToArray(), v => (double)v);
            double[] a0 = Array.ConvertAll(a, v => (double)v);
            NetworkTestData.AssertClose(Differences(reference, theta, x0, a0, ofInput: true), Array.ConvertAll(dx, v => (double)v), 1e-5, $"{cell.GetType().Name}, dx");
            NetworkTestData.AssertClose(Differences(reference, theta, x0, a0, ofInput: false), Array.ConvertAll(dtheta, v => (double)v), 1e-5, $"{cell.GetType().Name}, dtheta");
        }
    }

    [Theory]
    [MemberData(nameof(DoubleCells))]
    public void VjpMatchesFiniteDifferences(string name)
    {
        (INetwork<double> cell, RecurrentReference reference) = Double(name, seed: 7);
        var random = new Random(13);
        int n = cell.Inputs, m = cell.Outputs, p = cell.ParameterCount;
        double[] theta = cell.Parameters.ToArray();
        for (int point = 0; point < 4; point++)
        {
            double[] x = NetworkTestData.Uniform(random, n, point % 2 == 0 ? 1.0 : 2.5);
            double[] a = NetworkTestData.Uniform(random, m, 1.0);

            // Vjp adds: start from known values and subtract them afterwards.
            double[] dx = NetworkTestData.Uniform(random, n, 1.0), dxStart = (double[])dx.Clone();
            double[] dtheta = NetworkTestData.Uniform(random, p, 1.0), dthetaStart = (double[])dtheta.Clone();
            cell.Vjp(x, a, dx, dtheta, 1);
            NetworkTestData.AssertClose(Differences(reference, theta, x, a, ofInput: true), dx.Zip(dxStart, (v, s) => v - s).ToArray(), 1e-7, $"{name}, point {point}, dx");
            NetworkTestData.AssertClose(Differences(reference, theta, x, a, ofInput: false), dtheta.Zip(dthetaStart, (v, s) => v - s).ToArray(), 1e-7, $"{name}, point {point}, dtheta");
        }
    }

    [Theory]
    [MemberData(nameof(DoubleCells))]
    public void LanesAreIndependentOfTheBatch(string name) => AssertLanesIndependent(Double(name, seed: 17).Cell, 1e-12);

    [Fact]
    public void FloatLanesAreIndependentOfTheBatch()
    {
        AssertLanesIndependent(new Gru32(17), 1e-5f);
        AssertLanesIndependent(new RnnRelu32(17), 1e-5f);
    }

    /// <summary>
    /// A sample's h' and [dx ; dh] are bitwise the same alone and at any position of a batch of any size (every tile
    /// remainder); the parameter gradient sums over samples, in an unspecified order, so it agrees to rounding.
    /// </summary>
    private static void AssertLanesIndependent<T>(INetwork<T> cell, T tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(19);
        int n = cell.Inputs, m = cell.Outputs;
        foreach (int count in new[] { 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33 })
        {
            T[] x = Array.ConvertAll(NetworkTestData.Uniform(random, count * n, 2.0), T.CreateTruncating);
            T[] a = Array.ConvertAll(NetworkTestData.Uniform(random, count * m, 1.0), T.CreateTruncating);
            var y = new T[count * m];
            var dx = new T[count * n];
            var dtheta = new T[cell.ParameterCount];
            cell.Forward(x, y, count);
            cell.Vjp(x, a, dx, dtheta, count);
            var sum = new T[cell.ParameterCount];
            for (int s = 0; s < count; s++)
            {
                var one = new T[m];
                var dxOne = new T[n];
                cell.Forward(x.AsSpan(s * n, n), one, 1);
                cell.Vjp(x.AsSpan(s * n, n), a.AsSpan(s * m, m), dxOne, sum, 1);
                Assert.Equal(one, y.AsSpan(s * m, m).ToArray());
                Assert.Equal(dxOne, dx.AsSpan(s * n, n).ToArray());
            }

            for (int q = 0; q < sum.Length; q++)
            {
                Assert.True(T.Abs(sum[q] - dtheta[q]) <= tolerance * (T.One + T.Abs(sum[q])), $"{cell.GetType().Name}, {count} samples, dtheta[{q}]: {sum[q]} vs {dtheta[q]}");
            }
        }
    }

    [Fact]
    public void SeededParametersArePyTorchsUniformFromTheSeedStream()
    {
        // nn.GRUCell.reset_parameters: every parameter U(−1/√H, 1/√H), in parameter order; drawn from SplitMix64.
        foreach ((INetwork<double> cell, int hidden) in new (INetwork<double>, int)[] { (new Gru64(42), 5), (new Rnn64(42), 4), (new GruWide64(42), 56) })
        {
            var expected = new double[cell.ParameterCount];
            new SplitMix64(42).FillUniform<double>(expected, 1.0 / Math.Sqrt(hidden));
            Assert.Equal(expected, cell.Parameters.ToArray());
            Assert.All(expected, v => Assert.InRange(Math.Abs(v), 0, 1.0 / Math.Sqrt(hidden)));
        }
    }

    [Fact]
    public void CheckpointTensorsAreNamedAndShapedLikeGruCell()
    {
        var cell = new Gru64(3);
        var tensors = ModelCheckpoint.ToTensors<double>(cell.Parameters, Gru64.Layers);
        Assert.Equal(["0.weight_ih", "0.weight_hh", "0.bias_ih", "0.bias_hh"], tensors.Select(t => t.Name).ToArray());
        Assert.Equal([15L, 3L], tensors[0].Shape.ToArray());
        Assert.Equal([15L, 5L], tensors[1].Shape.ToArray());
        Assert.Equal([15L], tensors[2].Shape.ToArray());
        Assert.Equal([15L], tensors[3].Shape.ToArray());

        // bias_hh's last value is the cell's last parameter; weight_hh starts after weight_ih's 45 values.
        Assert.Equal(cell.Parameters[cell.ParameterCount - 1], tensors[3].ToFloatingPointArray<double>()[14]);
        Assert.Equal(cell.Parameters[45], tensors[1].ToFloatingPointArray<double>()[0]);

        var noBias = new RnnSoftplus64(3);
        Assert.Equal(["0.weight_ih", "0.weight_hh"], ModelCheckpoint.ToTensors<double>(noBias.Parameters, RnnSoftplus64.Layers).Select(t => t.Name).ToArray());
    }

    [Fact]
    public void CheckpointRestoresACellAndRefusesAnotherShape()
    {
        var saved = new Gru64(5);
        byte[] bytes = SafeTensorsFile.Serialize(ModelCheckpoint.ToTensors<double>(saved.Parameters, Gru64.Layers));
        var restored = new Gru64(6);
        ModelCheckpoint.Restore<double>(SafeTensorsFile.Parse(bytes), restored.Parameters, Gru64.Layers);
        Assert.Equal(saved.Parameters.ToArray(), restored.Parameters.ToArray());

        // A GRU of another input size: weight_ih [15, 6] is not the stored [15, 3].
        var other = new GruWide64(6);
        var error = Assert.Throws<System.IO.InvalidDataException>(() => ModelCheckpoint.Restore<double>(SafeTensorsFile.Parse(bytes), other.Parameters, GruWide64.Layers));
        Assert.Contains("'0.weight_ih' has shape [15, 3], but the model needs [168, 6]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        var cell = new Gru64(8);
        const int Count = 37;
        var random = new Random(9);
        double[] x = NetworkTestData.Uniform(random, Count * cell.Inputs, 1.0);
        double[] a = NetworkTestData.Uniform(random, Count * cell.Outputs, 1.0);
        var y = new double[Count * cell.Outputs];
        var dx = new double[x.Length];
        var dtheta = new double[cell.ParameterCount];
        cell.Forward(x, y, Count);
        cell.Vjp(x, a, dx, dtheta, Count);
        long before = GC.GetAllocatedBytesForCurrentThread();
        cell.Forward(x, y, Count);
        cell.Vjp(x, a, dx, dtheta, Count);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>aᵀ∂h'/∂[x ; h] (<paramref name="ofInput"/>) or aᵀ∂h'/∂θ of the reference, by float64 central differences.</summary>
    internal static double[] Differences(RecurrentReference reference, double[] theta, double[] x, double[] a, bool ofInput)
    {
        double[] point = (double[])(ofInput ? x : theta).Clone();
        var gradient = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            double saved = point[i], h = 1e-6 * Math.Max(1, Math.Abs(saved));
            point[i] = saved + h;
            double plus = Dot(reference, ofInput ? theta : point, ofInput ? point : x, a);
            point[i] = saved - h;
            double minus = Dot(reference, ofInput ? theta : point, ofInput ? point : x, a);
            point[i] = saved;
            gradient[i] = (plus - minus) / (2 * h);
        }

        return gradient;
    }

    private static double Dot(RecurrentReference reference, double[] theta, double[] x, double[] a)
    {
        double[] y = reference.Step(theta, x);
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += a[i] * y[i];
        }

        return sum;
    }
}
