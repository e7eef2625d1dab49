using System;
using System.Numerics.Tensors;

namespace OdeKernels.Benchmarks.Baselines;

/// <summary>
/// A fixed-step Tsit5 solver written plainly over whole batch arrays with <see cref="TensorPrimitives"/>: each stage
/// state is y + h Σ aᵢⱼ kⱼ built by one multiply-add per earlier stage, and the seventh stage (whose row of A equals
/// the weights b) is the new solution, whose derivative starts the next step (first same as last). This is the work of
/// <c>Ode.Solve</c> with a fixed step and of the C++ reference's <c>tsit5</c>: six evaluations per step.
/// </summary>
internal sealed class PlainTsit5Solver
{
    // Tsitouras (2011), Table 1, as in kernels/Tableaux/Tsit5.cs: rows 2..7 of A (row 7 = b).
    private static readonly double[][] A =
    [
        [0.161],
        [-0.0084806554923569885, 0.33548065549235699],
        [2.8971530571054934, -6.3594484899750748, 4.3622954328695814],
        [5.3258648284392566, -11.748883564062828, 7.4955393428898362, -0.092495066361755249],
        [5.86145544294642, -12.920969317847109, 8.1593678985761586, -0.071584973281400997, -0.028269050394068383],
        [0.09646076681806523, 0.01, 0.47988965041449957, 1.3790085741037419, -3.2900695154360807, 2.324710524099774],
    ];

    private float[][] _k = [];
    private float[] _stage = [];

    /// <summary>Advances <paramref name="y"/> ([lanes, 2], in place) by <paramref name="steps"/> steps of <paramref name="h"/>.</summary>
    public void Solve(PlainSpiralNetwork network, Span<float> y, int lanes, int steps, float h)
    {
        int length = lanes * 2;
        if (_stage.Length < length)
        {
            _k = new float[7][];
            for (int i = 0; i < _k.Length; i++)
            {
                _k[i] = new float[length];
            }

            _stage = new float[length];
        }

        Span<float> stage = _stage.AsSpan(0, length);
        network.Evaluate(y, _k[0].AsSpan(0, length), lanes);
        for (int s = 0; s < steps; s++)
        {
            for (int i = 1; i < 7; i++)
            {
                y.CopyTo(stage);
                double[] row = A[i - 1];
                for (int j = 0; j < row.Length; j++)
                {
                    TensorPrimitives.MultiplyAdd(_k[j].AsSpan(0, length), (float)(h * row[j]), stage, stage);
                }

                network.Evaluate(stage, _k[i].AsSpan(0, length), lanes);
            }

            stage.CopyTo(y);
            (_k[0], _k[6]) = (_k[6], _k[0]);
        }
    }
}
