using System;

namespace OdeKernels.Benchmarks.Workloads;

/// <summary>
/// Lotka–Volterra x′ = 1.5x − xy, y′ = −3y + xy, written as a user would: a struct <see cref="IOdeSystem{T}"/> and, with the
/// same arithmetic by value, an <see cref="ISmallOdeSystem{T, TState}"/> (the state path); the same arithmetic as <c>bench/boost/odeint_reference.cpp</c>.
/// </summary>
internal readonly struct LotkaVolterraSystem : IOdeSystem<double>, ISmallOdeSystem<double, State2<double>>
{
    public State2<double> Evaluate(double t, State2<double> y) => new((1.5 * y.X) - (y.X * y.Y), (-3.0 * y.Y) + (y.X * y.Y));

    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = (1.5 * y[0]) - (y[0] * y[1]);
        dydt[1] = (-3.0 * y[1]) + (y[0] * y[1]);
    }
}

/// <summary>Van der Pol with μ = 1: x′ = y, y′ = μ(1 − x²)y − x.</summary>
internal readonly struct VanDerPolSystem : IOdeSystem<double>, ISmallOdeSystem<double, State2<double>>
{
    public State2<double> Evaluate(double t, State2<double> y) => new(y.Y, (1.0 * (1.0 - (y.X * y.X)) * y.Y) - y.X);

    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = (1.0 * (1.0 - (y[0] * y[0])) * y[1]) - y[0];
    }
}

/// <summary>
/// <see cref="VanDerPolSystem"/> with its multiply-adds fused as GCC contracts Boost's right-hand side under
/// <c>-O3 -march=native</c> (<c>vfnmadd</c> for 1 − x·x, <c>vfmsub</c> for (1 − x²)·y − x, read from
/// <c>g++ -S</c>): the like-for-like arithmetic of the FMA comparison, which the JIT does not contract by itself. An
/// informational row of the report (no target).
/// </summary>
internal readonly struct VanDerPolFusedSystem : IOdeSystem<double>, ISmallOdeSystem<double, State2<double>>
{
    public State2<double> Evaluate(double t, State2<double> y) => new(y.Y, Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(-y.X, y.X, 1.0), y.Y, -y.X));

    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(-y[0], y[0], 1.0), y[1], -y[0]);
    }
}

/// <summary>
/// <see cref="LotkaVolterraSystem"/> fused as GCC contracts Boost's under <c>-O3 -march=native</c> (read from
/// <c>g++ -S</c>): x·y rounded, then 1.5x − xy and −3y + xy each one multiply-add. Informational (no target).
/// </summary>
internal readonly struct LotkaVolterraFusedSystem : IOdeSystem<double>, ISmallOdeSystem<double, State2<double>>
{
    public State2<double> Evaluate(double t, State2<double> y)
    {
        double xy = y.X * y.Y;
        return new(Math.FusedMultiplyAdd(1.5, y.X, -xy), Math.FusedMultiplyAdd(-3.0, y.Y, xy));
    }

    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double xy = y[0] * y[1];
        dydt[0] = Math.FusedMultiplyAdd(1.5, y[0], -xy);
        dydt[1] = Math.FusedMultiplyAdd(-3.0, y[1], xy);
    }
}

/// <summary>Lorenz with σ = 10, ρ = 28, β = 8/3.</summary>
internal readonly struct LorenzSystem : IOdeSystem<double>, ISmallOdeSystem<double, State3<double>>
{
    public State3<double> Evaluate(double t, State3<double> y) => new(10.0 * (y.Y - y.X), (y.X * (28.0 - y.Z)) - y.Y, (y.X * y.Y) - ((8.0 / 3.0) * y.Z));

    public int StateSize => 3;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = 10.0 * (y[1] - y[0]);
        dydt[1] = (y[0] * (28.0 - y[2])) - y[1];
        dydt[2] = (y[0] * y[1]) - ((8.0 / 3.0) * y[2]);
    }
}

/// <summary>
/// <see cref="LorenzSystem"/> fused as GCC contracts Boost's under <c>-O3 -march=native</c> (read from <c>g++ -S</c>):
/// x·(28 − z) − y and x·y − (8/3)·z each one multiply-add ((8/3)·z rounded first). Informational (no target).
/// </summary>
internal readonly struct LorenzFusedSystem : IOdeSystem<double>, ISmallOdeSystem<double, State3<double>>
{
    public State3<double> Evaluate(double t, State3<double> y) =>
        new(10.0 * (y.Y - y.X), Math.FusedMultiplyAdd(y.X, 28.0 - y.Z, -y.Y), Math.FusedMultiplyAdd(y.X, y.Y, -((8.0 / 3.0) * y.Z)));

    public int StateSize => 3;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = 10.0 * (y[1] - y[0]);
        dydt[1] = Math.FusedMultiplyAdd(y[0], 28.0 - y[2], -y[1]);
        dydt[2] = Math.FusedMultiplyAdd(y[0], y[1], -((8.0 / 3.0) * y[2]));
    }
}

/// <summary>
/// <see cref="LotkaVolterraSystem"/>'s span form alone, marked <see cref="SmallOdeSystemAttribute"/>: what a user who
/// writes only <see cref="IOdeSystem{T}"/> gets when the generator writes the state form; its span solves of one
/// trajectory run the state path.
/// </summary>
[SmallOdeSystem]
internal readonly partial struct MarkedLotkaVolterraSystem : IOdeSystem<double>
{
    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = (1.5 * y[0]) - (y[0] * y[1]);
        dydt[1] = (-3.0 * y[1]) + (y[0] * y[1]);
    }
}

/// <summary><see cref="VanDerPolSystem"/>'s span form alone, marked <see cref="SmallOdeSystemAttribute"/>.</summary>
[SmallOdeSystem]
internal readonly partial struct MarkedVanDerPolSystem : IOdeSystem<double>
{
    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = (1.0 * (1.0 - (y[0] * y[0])) * y[1]) - y[0];
    }
}

/// <summary><see cref="LorenzSystem"/>'s span form alone, marked <see cref="SmallOdeSystemAttribute"/>.</summary>
[SmallOdeSystem]
internal readonly partial struct MarkedLorenzSystem : IOdeSystem<double>
{
    public int StateSize => 3;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = 10.0 * (y[1] - y[0]);
        dydt[1] = (y[0] * (28.0 - y[2])) - y[1];
        dydt[2] = (y[0] * y[1]) - ((8.0 / 3.0) * y[2]);
    }
}
