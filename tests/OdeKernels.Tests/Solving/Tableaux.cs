using System;
using System.Numerics;

namespace OdeKernels.Tests.Solving;

/// <summary>Runs a solve with a built-in method chosen by name, for data-driven tests.</summary>
internal static class Tableaux
{
    public static TableauInfo Info(string name) => name switch
    {
        nameof(Euler) => Euler.Info,
        nameof(Midpoint) => Midpoint.Info,
        nameof(Heun) => Heun.Info,
        nameof(Ralston) => Ralston.Info,
        nameof(Rk4) => Rk4.Info,
        nameof(Rk38) => Rk38.Info,
        nameof(HeunEuler) => HeunEuler.Info,
        nameof(Bosh3) => Bosh3.Info,
        nameof(Dopri5) => Dopri5.Info,
        nameof(Tsit5) => Tsit5.Info,
        nameof(Vern7) => Vern7.Info,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown method"),
    };

    public static Solution<T> Solve<TSystem, T>(string name, TSystem system, T[] y0, T[] saveAt, SolverOptions options)
        where TSystem : IOdeSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        nameof(Euler) => Ode.Solve(system, new Euler(), y0, saveAt, options),
        nameof(Midpoint) => Ode.Solve(system, new Midpoint(), y0, saveAt, options),
        nameof(Heun) => Ode.Solve(system, new Heun(), y0, saveAt, options),
        nameof(Ralston) => Ode.Solve(system, new Ralston(), y0, saveAt, options),
        nameof(Rk4) => Ode.Solve(system, new Rk4(), y0, saveAt, options),
        nameof(Rk38) => Ode.Solve(system, new Rk38(), y0, saveAt, options),
        nameof(HeunEuler) => Ode.Solve(system, new HeunEuler(), y0, saveAt, options),
        nameof(Bosh3) => Ode.Solve(system, new Bosh3(), y0, saveAt, options),
        nameof(Dopri5) => Ode.Solve(system, new Dopri5(), y0, saveAt, options),
        nameof(Tsit5) => Ode.Solve(system, new Tsit5(), y0, saveAt, options),
        nameof(Vern7) => Ode.Solve(system, new Vern7(), y0, saveAt, options),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown method"),
    };
}
