using BenchmarkDotNet.Attributes;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Suites;

/// <summary>
/// Allocations (the Allocated column) and time of one gradient per adjoint method as the number of fixed steps over
/// [0, 1] grows: 16 lanes (one 512-bit tile), H = 50, float32, Tsit5.
/// </summary>
[MemoryDiagnoser]
public class AdjointMemoryBenchmarks
{
    private const int Lanes = 16;
    private GradientCase<float, Tsit5> _backsolve = null!;
    private GradientCase<float, Tsit5> _checkpointed = null!;
    private GradientCase<float, Tsit5> _direct = null!;

    /// <summary>The number of fixed steps.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IBatchedDifferentiableSystem<float> net = SpiralWorkload.Network(50);
        SolverOptions options = SpiralWorkload.Fixed(1.0 / Steps);
        _backsolve = new GradientCase<float, Tsit5>(net, Lanes, 1.0, options, AdjointMethod.Backsolve);
        _checkpointed = new GradientCase<float, Tsit5>(net, Lanes, 1.0, options, AdjointMethod.Checkpointed);
        _direct = new GradientCase<float, Tsit5>(net, Lanes, 1.0, options, AdjointMethod.Direct);
    }

    [Benchmark]
    public Gradient<float> Backsolve() => _backsolve.Run();

    [Benchmark]
    public Gradient<float> Checkpointed() => _checkpointed.Run();

    [Benchmark]
    public Gradient<float> Direct() => _direct.Run();
}
