using System;
using BenchmarkDotNet.Attributes;
using OdeKernels.Benchmarks.Networks;
using OdeKernels.Examples.ImageOdeNet;

namespace OdeKernels.Benchmarks.Suites;

/// <summary>
/// One call of the generated convolutional ODE function of the ImageOdeNet example at C = 64 (GroupNorm → ReLU →
/// ConcatConv 3×3 → GroupNorm → ReLU → ConcatConv 3×3 → GroupNorm on 64×7×7, float32, fused multiply-adds) on one thread, for the 128
/// images of a training batch: f alone (each forward evaluation of the ODE solve) and f with its vector–Jacobian
/// product for the state and the parameters (each evaluation of the continuous adjoint's backward solve). The two
/// convolutions are 2·64·49·65·9 ≈ 3.67 Mflop each per image (taps on the zero padding included), so f is
/// 0.94 Gflop per call and the VJP's three convolution passes (input and weight gradients beside f) about 2.8, counted
/// as direct convolutions. The example's convolutions run Winograd's F(4×4, 3×3) (forward and input gradient);
/// the <c>Direct</c> benchmarks time the same function with direct convolutions (<see cref="ConvField64Direct"/>, the
/// same parameters) beside them.
/// </summary>
[MemoryDiagnoser]
public class ConvolutionKernelBenchmarks
{
    private const int Images = 128;
    private readonly ConvField64 _field = new(seed: 0);
    private ConvField64Direct _direct = null!;
    private float[] _t = null!, _y = null!, _a = null!, _f = null!, _dy = null!, _dtheta = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        int size = _field.StateSize * Images;
        _t = new float[Images];
        Array.Fill(_t, 0.5f);
        (_y, _a) = (new float[size], new float[size]);
        for (int i = 0; i < size; i++)
        {
            _y[i] = (float)((random.NextDouble() * 4) - 2);
            _a[i] = (float)((random.NextDouble() * 2) - 1);
        }

        (_f, _dy, _dtheta) = (new float[size], new float[size], new float[_field.ParameterCount]);
        _direct = new ConvField64Direct(_field.Parameters);
    }

    /// <summary>f for the batch.</summary>
    [Benchmark]
    public void ConvField64F() => _field.EvaluateBatch(_t, _y, _f, Images, Images);

    /// <summary>f and its VJP for the state and the parameters, in one call.</summary>
    [Benchmark]
    public void ConvField64FAndVjp() => _field.EvaluateAndVjpBatch(_t, _y, _a, _f, _dy, _dtheta, Images, Images);

    /// <summary>f for the batch, direct convolutions.</summary>
    [Benchmark]
    public void ConvField64DirectF() => _direct.EvaluateBatch(_t, _y, _f, Images, Images);

    /// <summary>f and its VJP, direct convolutions.</summary>
    [Benchmark]
    public void ConvField64DirectFAndVjp() => _direct.EvaluateAndVjpBatch(_t, _y, _a, _f, _dy, _dtheta, Images, Images);
}
