using System;
using BenchmarkDotNet.Attributes;
using OdeKernels.Benchmarks.Networks;
using OdeKernels.Examples.Networks;

namespace OdeKernels.Benchmarks.Suites;

/// <summary>
/// One call of generated dense-layer kernels on one thread, where a layer's sums are long: the flows' FlowNet (float64,
/// 2 + t → 32 → 32 → 2 tanh, 256 lanes) f alone and f with its divergence and their VJP, the latent ODE's field
/// (float32, 4 → 20 → 20 → 4 tanh, 256 lanes) f and VJP, and Chen et al.'s MLP (float32, 784 → 300 ReLU → 10, 128
/// samples) forward and VJP. These are the kernels whose dense products compute several outputs at a time in
/// independent sums (<c>LayerStackEmitter.ProductBlock</c>); the arithmetic of each sum, and so every bit, is the same
/// as one output at a time.
/// </summary>
[MemoryDiagnoser]
public class LayerKernelBenchmarks
{
    private const int Lanes = 256;
    private const int Samples = 128;
    private readonly FlowNet _flow = new(seed: 0);
    private readonly LatentSpiralField _field = new(seed: 0);
    private readonly ImageMlp _mlp = new(seed: 0);
    private double[] _t64 = null!, _y64 = null!, _a64 = null!, _b64 = null!, _f64 = null!, _div = null!, _dy64 = null!, _dtheta64 = null!;
    private float[] _t32 = null!, _y32 = null!, _a32 = null!, _f32 = null!, _dy32 = null!, _dtheta32 = null!;
    private float[] _x = null!, _out = null!, _cotangent = null!, _mlpTheta = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        double Next() => (random.NextDouble() * 4) - 2;
        _t64 = Fill(Lanes, () => random.NextDouble() * 0.5);
        _y64 = Fill(2 * Lanes, Next);
        _a64 = Fill(2 * Lanes, Next);
        _b64 = Fill(Lanes, Next);
        (_f64, _div, _dy64, _dtheta64) = (new double[2 * Lanes], new double[Lanes], new double[2 * Lanes], new double[_flow.ParameterCount]);
        _t32 = new float[Lanes];
        _y32 = Fill(4 * Lanes, () => (float)Next());
        _a32 = Fill(4 * Lanes, () => (float)Next());
        (_f32, _dy32, _dtheta32) = (new float[4 * Lanes], new float[4 * Lanes], new float[_field.ParameterCount]);
        _x = Fill(784 * Samples, () => (float)random.NextDouble());
        _cotangent = Fill(10 * Samples, () => (float)Next());
        (_out, _mlpTheta) = (new float[10 * Samples], new float[_mlp.ParameterCount]);
    }

    [Benchmark]
    public void FlowNetF() => _flow.EvaluateBatch(_t64, _y64, _f64, Lanes, Lanes);

    [Benchmark]
    public void FlowNetDivergenceAndVjp() =>
        _flow.EvaluateWithDivergenceAndVjpBatch(_t64, _y64, _a64, _b64, _f64, _div, _dy64, _dtheta64, Lanes, Lanes);

    [Benchmark]
    public void LatentFieldF() => _field.EvaluateBatch(_t32, _y32, _f32, Lanes, Lanes);

    [Benchmark]
    public void LatentFieldVjp() => _field.VjpBatch(_t32, _y32, _a32, _dy32, _dtheta32, Lanes, Lanes);

    [Benchmark]
    public void MlpForward() => _mlp.Forward(_x, _out, Samples);

    [Benchmark]
    public void MlpVjp() => _mlp.Vjp(_x, _cotangent, Span<float>.Empty, _mlpTheta, Samples);

    private static T[] Fill<T>(int length, Func<T> next)
    {
        var values = new T[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = next();
        }

        return values;
    }
}
