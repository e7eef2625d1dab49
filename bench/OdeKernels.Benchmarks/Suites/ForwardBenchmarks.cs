using BenchmarkDotNet.Attributes;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Suites;

/// <summary>
/// Forward solves of the spiral network (float32, Tsit5) across lanes and hidden widths: 100 fixed steps of 0.01 (the
/// C++ reference's work), and adaptive steps over the same [0, 1] at rtol = atol = 1e-6.
/// </summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    private ForwardCase<float, Tsit5> _fixed = null!;
    private ForwardCase<float, Tsit5> _adaptive = null!;

    /// <summary>The number of lanes.</summary>
    [Params(1, 64, 4096, 65536)]
    public int Lanes { get; set; }

    /// <summary>The hidden width.</summary>
    [Params(16, 50, 256)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IBatchedDifferentiableSystem<float> net = SpiralWorkload.Network(Hidden);
        _fixed = new ForwardCase<float, Tsit5>(net, Lanes, 1.0, SpiralWorkload.Fixed());
        _adaptive = new ForwardCase<float, Tsit5>(net, Lanes, 1.0, SpiralWorkload.Adaptive(1e-6, 1e-6));
    }

    /// <summary>100 fixed steps.</summary>
    [Benchmark(Baseline = true)]
    public Solution<float> FixedStep() => _fixed.Run();

    /// <summary>Adaptive steps.</summary>
    [Benchmark]
    public Solution<float> Adaptive() => _adaptive.Run();
}
