using System;
using OdeKernels.Solving;

namespace OdeKernels.Tests.SingleLane;

/// <summary>Code to run with a built-in tableau chosen by name, as a type argument.</summary>
internal interface ITableauAction
{
    void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau;
}

internal static class TableauVisitor
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

    /// <summary>The batched path, whatever the number of lanes (the solver's own dispatch bypassed).</summary>
    public static Solution<T> Batched<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, SolverOptions options)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var none = default(NoRecorder<T>);
        return Ode.Run<TSystem, TTableau, T, NoRecorder<T>>(system, y0, saveAt, options, ref none);
    }
}
