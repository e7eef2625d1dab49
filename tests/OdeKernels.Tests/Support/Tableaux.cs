using System;
using System.Numerics;

namespace OdeKernels.Tests;

/// <summary>Code to run with a built-in tableau chosen by name, as a type argument.</summary>
internal interface ITableauAction
{
    void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau;
}

/// <summary>
/// The built-in tableaux by name, for data-driven tests (theories take names, not types): the one place that turns a
/// name into a type argument, and the solves, gradients, tableau facts and CUDA steps the tests ask for by name.
/// </summary>
internal static class Tableaux
{
    public static readonly string[] All =
        [nameof(Euler), nameof(Midpoint), nameof(Heun), nameof(Ralston), nameof(Rk4), nameof(Rk38), nameof(HeunEuler), nameof(Bosh3), nameof(Dopri5), nameof(Tsit5), nameof(Vern7)];

    public static void Visit(string name, ITableauAction action)
    {
        switch (name)
        {
            case nameof(Euler): action.Run<Euler>(); break;
            case nameof(Midpoint): action.Run<Midpoint>(); break;
            case nameof(Heun): action.Run<Heun>(); break;
            case nameof(Ralston): action.Run<Ralston>(); break;
            case nameof(Rk4): action.Run<Rk4>(); break;
            case nameof(Rk38): action.Run<Rk38>(); break;
            case nameof(HeunEuler): action.Run<HeunEuler>(); break;
            case nameof(Bosh3): action.Run<Bosh3>(); break;
            case nameof(Dopri5): action.Run<Dopri5>(); break;
            case nameof(Tsit5): action.Run<Tsit5>(); break;
            case nameof(Vern7): action.Run<Vern7>(); break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "unknown method");
        }
    }

    public static TableauInfo Info(string name)
    {
        var info = new InfoOf();
        Visit(name, info);
        return info.Result!;
    }

    /// <summary>The generated CUDA step of a built-in tableau, by name (what the CUDA backend compiles for it).</summary>
    public static string CudaStep(string name)
    {
        var step = new CudaStepOf();
        Visit(name, step);
        return step.Result ?? throw new ArgumentException($"{name} has no CUDA step.", nameof(name));
    }

    public static Solution<T> Solve<TSystem, T>(string name, TSystem system, T[] y0, T[] saveAt, SolverOptions options)
        where TSystem : IOdeSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var solve = new SolveWith<TSystem, T>(system, y0, saveAt, options);
        Visit(name, solve);
        return solve.Result!;
    }

    public static Gradient<T> Gradient<TSystem, T>(string name, TSystem system, T[] y0, T[] saveAt, T[] dLdY, SolverOptions options, AdjointMethod method = AdjointMethod.Backsolve, int checkpoints = 0)
        where TSystem : IDifferentiableSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradient = new GradientWith<TSystem, T>(system, y0, saveAt, dLdY, options, method, checkpoints);
        Visit(name, gradient);
        return gradient.Result!;
    }

    private sealed class InfoOf : ITableauAction
    {
        public TableauInfo? Result { get; private set; }

        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau => Result = TTableau.Info;
    }

    private sealed class CudaStepOf : ITableauAction
    {
        public string? Result { get; private set; }

        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau => Result = TTableau.CudaStepSource;
    }

    private sealed class SolveWith<TSystem, T>(TSystem system, T[] y0, T[] saveAt, SolverOptions options) : ITableauAction
        where TSystem : IOdeSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Solution<T>? Result { get; private set; }

        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau => Result = Ode.Solve(system, default(TTableau), y0, saveAt, options);
    }

    private sealed class GradientWith<TSystem, T>(TSystem system, T[] y0, T[] saveAt, T[] dLdY, SolverOptions options, AdjointMethod method, int checkpoints) : ITableauAction
        where TSystem : IDifferentiableSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Gradient<T>? Result { get; private set; }

        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau => Result = Ode.Gradient(system, default(TTableau), y0, saveAt, dLdY, options, method, checkpoints);
    }
}
