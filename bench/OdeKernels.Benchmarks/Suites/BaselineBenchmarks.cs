using BenchmarkDotNet.Attributes;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Suites;

/// <summary>
/// The generated kernels against the plain C# implementation (TensorPrimitives, layer by layer) of the same network
/// and fixed-step Tsit5: H = 50, float32, 100 steps of 0.01.
/// </summary>
[MemoryDiagnoser]
public class BaselineBenchmarks
{
    private const int Steps = 100;
    private ForwardCase<float, Tsit5> _generated = null!;
    private PlainSpiralNetwork _plainNetwork = null!;
    private PlainTsit5Solver _plainSolver = null!;
    private float[] _y0 = [];
    private float[] _y = [];

    /// <summary>The number of lanes.</summary>
    [Params(64, 4096, 65536)]
    public int Lanes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IBatchedDifferentiableSystem<float> net = SpiralWorkload.Network(50);
        _generated = new ForwardCase<float, Tsit5>(net, Lanes, Steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed());
        _plainNetwork = new PlainSpiralNetwork(net.Parameters, 50);
        _plainSolver = new PlainTsit5Solver();
        _y0 = SpiralWorkload.InitialStates<float>(Lanes);
        _y = new float[_y0.Length];
    }

    [Benchmark(Baseline = true)]
    public Solution<float> Generated() => _generated.Run();

    [Benchmark]
    public float PlainCSharp()
    {
        _y0.CopyTo(_y, 0);
        _plainSolver.Solve(_plainNetwork, _y, Lanes, Steps, (float)SpiralWorkload.FixedStep);
        return _y[0];
    }
}
