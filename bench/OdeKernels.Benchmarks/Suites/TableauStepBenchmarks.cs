using System;
using BenchmarkDotNet.Attributes;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Suites;

/// <summary>
/// One fused Runge-Kutta step per built-in tableau on the spiral network (H = 50, float32): a 100-step fixed-step
/// solve, reported per step (<c>OperationsPerInvoke</c>).
/// </summary>
[MemoryDiagnoser]
public class TableauStepBenchmarks
{
    private const int Steps = 100;
    private Func<object> _solve = null!;

    /// <summary>The built-in tableau.</summary>
    [Params("Euler", "Midpoint", "Heun", "Ralston", "Rk4", "Rk38", "HeunEuler", "Bosh3", "Dopri5", "Tsit5", "Vern7")]
    public string Tableau { get; set; } = "Tsit5";

    /// <summary>The number of lanes.</summary>
    [Params(4096)]
    public int Lanes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _solve = Tableau switch
        {
            "Euler" => Case<Euler>(),
            "Midpoint" => Case<Midpoint>(),
            "Heun" => Case<Heun>(),
            "Ralston" => Case<Ralston>(),
            "Rk4" => Case<Rk4>(),
            "Rk38" => Case<Rk38>(),
            "HeunEuler" => Case<HeunEuler>(),
            "Bosh3" => Case<Bosh3>(),
            "Dopri5" => Case<Dopri5>(),
            "Tsit5" => Case<Tsit5>(),
            "Vern7" => Case<Vern7>(),
            _ => throw new ArgumentException($"Unknown tableau '{Tableau}'.", nameof(Tableau)),
        };
    }

    /// <summary>One step for every lane.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public object Step() => _solve();

    private Func<object> Case<TTableau>() where TTableau : struct, IRungeKuttaTableau
    {
        var run = new ForwardCase<float, TTableau>(SpiralWorkload.Network(50), Lanes, Steps * SpiralWorkload.FixedStep, SpiralWorkload.Fixed());
        return run.Run;
    }
}
