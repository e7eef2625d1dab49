using System;
using System.Numerics;

namespace OdeKernels.Tests.Cuda;

/// <summary>The built-in tableaux the CUDA tests use, by name, for theories.</summary>
internal static class Tableaux
{
    public static TableauInfo Info(string name) => name switch
    {
        "Tsit5" => Tsit5.Info,
        "Dopri5" => Dopri5.Info,
        "Rk4" => Rk4.Info,
        _ => throw new ArgumentException($"Unknown tableau {name}.", nameof(name)),
    };

    /// <summary>The generated CUDA step of a built-in tableau, by name (what the CUDA backend compiles for it).</summary>
    public static string CudaStep(string name) => name switch
    {
        "Tsit5" => Tsit5.CudaStepSource,
        "Dopri5" => Dopri5.CudaStepSource,
        "Rk4" => Rk4.CudaStepSource,
        _ => throw new ArgumentException($"Unknown tableau {name}.", nameof(name)),
    };

    public static Solution<T> Solve<T>(string name, IBatchedDifferentiableSystem<T> system, T[] y0, T[] saveAt, SolverOptions options)
        where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "Tsit5" => Ode.Solve(system, new Tsit5(), y0, saveAt, options),
        "Dopri5" => Ode.Solve(system, new Dopri5(), y0, saveAt, options),
        "Rk4" => Ode.Solve(system, new Rk4(), y0, saveAt, options),
        _ => throw new ArgumentException($"Unknown tableau {name}.", nameof(name)),
    };

    public static Gradient<T> Gradient<T>(string name, IBatchedDifferentiableSystem<T> system, T[] y0, T[] saveAt, T[] dLdY, SolverOptions options, AdjointMethod method = AdjointMethod.Backsolve, int checkpoints = 0)
        where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "Tsit5" => Ode.Gradient(system, new Tsit5(), y0, saveAt, dLdY, options, method, checkpoints),
        "Dopri5" => Ode.Gradient(system, new Dopri5(), y0, saveAt, dLdY, options, method, checkpoints),
        "Rk4" => Ode.Gradient(system, new Rk4(), y0, saveAt, dLdY, options, method, checkpoints),
        _ => throw new ArgumentException($"Unknown tableau {name}.", nameof(name)),
    };
}
