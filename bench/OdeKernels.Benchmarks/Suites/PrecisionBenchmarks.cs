using BenchmarkDotNet.Attributes;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Suites;

/// <summary>
/// float32 against float64 and fixed against adaptive steps: the spiral network (H = 50; the float64 network holds the
/// float32 parameters), 4,096 lanes, Tsit5 over [0, 10], fixed steps of 0.1 or adaptive at rtol = atol = 1e-6.
/// </summary>
[MemoryDiagnoser]
public class PrecisionBenchmarks
{
    private const int Lanes = 4096;
    private const double End = 10;
    private ForwardCase<float, Tsit5> _fixed32 = null!;
    private ForwardCase<double, Tsit5> _fixed64 = null!;
    private ForwardCase<float, Tsit5> _adaptive32 = null!;
    private ForwardCase<double, Tsit5> _adaptive64 = null!;
    private GradientCase<float, Tsit5> _gradient32 = null!;
    private GradientCase<double, Tsit5> _gradient64 = null!;

    [GlobalSetup]
    public void Setup()
    {
        IBatchedDifferentiableSystem<float> net32 = SpiralWorkload.Network(50);
        IBatchedDifferentiableSystem<double> net64 = SpiralWorkload.DoubleNetwork();
        SolverOptions fixedSteps = SpiralWorkload.Fixed(0.1), adaptive = SpiralWorkload.Adaptive(1e-6, 1e-6);
        _fixed32 = new ForwardCase<float, Tsit5>(net32, Lanes, End, fixedSteps);
        _fixed64 = new ForwardCase<double, Tsit5>(net64, Lanes, End, fixedSteps);
        _adaptive32 = new ForwardCase<float, Tsit5>(net32, Lanes, End, adaptive);
        _adaptive64 = new ForwardCase<double, Tsit5>(net64, Lanes, End, adaptive);
        _gradient32 = new GradientCase<float, Tsit5>(net32, Lanes, End, fixedSteps, AdjointMethod.Backsolve);
        _gradient64 = new GradientCase<double, Tsit5>(net64, Lanes, End, fixedSteps, AdjointMethod.Backsolve);
    }

    [Benchmark(Baseline = true)]
    public Solution<float> Float32Fixed() => _fixed32.Run();

    [Benchmark]
    public Solution<double> Float64Fixed() => _fixed64.Run();

    [Benchmark]
    public Solution<float> Float32Adaptive() => _adaptive32.Run();

    [Benchmark]
    public Solution<double> Float64Adaptive() => _adaptive64.Run();

    [Benchmark]
    public Gradient<float> Float32GradientBacksolve() => _gradient32.Run();

    [Benchmark]
    public Gradient<double> Float64GradientBacksolve() => _gradient64.Run();
}
