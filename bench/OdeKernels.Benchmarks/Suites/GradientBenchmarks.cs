using BenchmarkDotNet.Attributes;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Suites;

/// <summary>
/// Full gradients (forward solve and adjoint) of the spiral network, float32, Tsit5, 100 fixed steps, with each
/// adjoint method; the forward solve alone is the baseline, so the Ratio column is "× forward".
/// </summary>
[MemoryDiagnoser]
public class GradientBenchmarks
{
    private ForwardCase<float, Tsit5> _forward = null!;
    private GradientCase<float, Tsit5> _backsolve = null!;
    private GradientCase<float, Tsit5> _checkpointed = null!;
    private GradientCase<float, Tsit5> _direct = null!;

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
        SolverOptions options = SpiralWorkload.Fixed();
        _forward = new ForwardCase<float, Tsit5>(net, Lanes, 1.0, options);
        _backsolve = new GradientCase<float, Tsit5>(net, Lanes, 1.0, options, AdjointMethod.Backsolve);
        _checkpointed = new GradientCase<float, Tsit5>(net, Lanes, 1.0, options, AdjointMethod.Checkpointed);
        _direct = new GradientCase<float, Tsit5>(net, Lanes, 1.0, options, AdjointMethod.Direct);
    }

    /// <summary>The forward solve alone.</summary>
    [Benchmark(Baseline = true)]
    public Solution<float> Forward() => _forward.Run();

    /// <summary>Forward solve and continuous adjoint.</summary>
    [Benchmark]
    public Gradient<float> Backsolve() => _backsolve.Run();

    /// <summary>Forward solve and discrete adjoint with O(√N) checkpoints.</summary>
    [Benchmark]
    public Gradient<float> Checkpointed() => _checkpointed.Run();

    /// <summary>Forward solve and discrete adjoint through every stored step.</summary>
    [Benchmark]
    public Gradient<float> Direct() => _direct.Run();
}
